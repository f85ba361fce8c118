package org.osteon.worklist.viewer;

/**
 * The DICOM identifiers of one study that a viewer link may carry. PHI: they stay in the PHI zone and
 * reach the page only inside the link built from them.
 */
public record StudyIdentifiers(String studyInstanceUid, String accessionNumber, String patientId) {}
