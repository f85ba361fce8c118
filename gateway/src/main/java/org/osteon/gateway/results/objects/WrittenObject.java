package org.osteon.gateway.results.objects;

import java.nio.file.Path;

/**
 * One DICOM object {@link ResultObjects#write} wrote.
 *
 * @param modality SR or PR
 * @param file named by the SOP Instance UID
 */
public record WrittenObject(String sopClassUid, String sopInstanceUid, String modality, Path file) {}
