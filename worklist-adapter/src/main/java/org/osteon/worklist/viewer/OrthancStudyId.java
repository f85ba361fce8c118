package org.osteon.worklist.viewer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Orthanc's public identifier of a study, computed the way Orthanc does (DicomInstanceHasher::HashStudy):
 * SHA-1 of {@code PatientID + "|" + StudyInstanceUID}, lower-case hex, in five dash-separated groups of
 * eight. Orthanc derives it from the DICOM values alone, so the worklist can link to a study without
 * asking Orthanc (checked against a running Orthanc 1.x: /studies lists the same id).
 */
public final class OrthancStudyId {

    private OrthancStudyId() {}

    /** A missing Patient ID is hashed as the empty string, as Orthanc does. */
    public static String of(String patientId, String studyInstanceUid) {
        String hex = HexFormat.of().formatHex(sha1((patientId == null ? "" : patientId) + "|" + studyInstanceUid));
        StringBuilder id = new StringBuilder(44);
        for (int i = 0; i < hex.length(); i += 8) {
            if (i > 0) {
                id.append('-');
            }
            id.append(hex, i, i + 8);
        }
        return id.toString();
    }

    private static byte[] sha1(String text) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}
