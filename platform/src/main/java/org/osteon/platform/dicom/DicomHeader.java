package org.osteon.platform.dicom;

/**
 * The header attributes Osteon routes on, read from one DICOM object. Plain strings and numbers, so
 * nothing outside this package needs to know PixelMed. Absent attributes are {@code null}.
 */
public record DicomHeader(
        String transferSyntaxUid,
        String sopClassUid,
        String sopInstanceUid,
        String studyInstanceUid,
        String seriesInstanceUid,
        String modality,
        String patientId,
        String patientName,
        String accessionNumber,
        String bodyPartExamined,
        String laterality,
        String viewPosition,
        String photometricInterpretation,
        Integer rows,
        Integer columns,
        Integer samplesPerPixel,
        String patientAge,
        String patientSex,
        boolean hasPixelData) {}
