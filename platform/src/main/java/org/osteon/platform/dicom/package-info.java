/**
 * The one DICOM byte reader: element headers in explicit or implicit VR, little or big endian
 * ({@link org.osteon.platform.dicom.DicomElementReader}), and the walk over a data set's structure,
 * sequences, items, delimiters and encapsulated fragments included, to a depth the caller bounds
 * ({@link org.osteon.platform.dicom.DicomStreamWalker}). Streams' input guard and scoring's fast reader
 * both read through it.
 */
package org.osteon.platform.dicom;
