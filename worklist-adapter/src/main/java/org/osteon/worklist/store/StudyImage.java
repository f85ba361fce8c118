package org.osteon.worklist.store;

import java.util.Optional;

/**
 * What the study view needs to draw the image the study's outcome was decided on.
 *
 * @param objectUri file: URI of the de-identified DICOM object in the research store
 * @param camUri file: URI of the raw float32 activation map, when one was written
 */
public record StudyImage(
        String studyKey, String modelVersion, String objectUri, Optional<String> camUri, int camHeight, int camWidth) {}
