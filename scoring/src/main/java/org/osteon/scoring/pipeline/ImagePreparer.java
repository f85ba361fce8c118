package org.osteon.scoring.pipeline;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.osteon.events.RadiographDeidentified;
import org.osteon.platform.store.RefusedClaimCheck;
import org.osteon.scoring.dicom.DicomReader;
import org.osteon.scoring.dicom.StoredImage;
import org.osteon.scoring.dicom.UnreadableImageException;
import org.osteon.scoring.model.ClinicalInput;
import org.osteon.scoring.model.ModelDescriptor;
import org.osteon.scoring.model.PreprocessingSpec;
import org.osteon.scoring.preprocess.ClinicalFeatures;
import org.osteon.scoring.preprocess.Preprocessor;
import org.osteon.scoring.store.ResearchObjects;

/**
 * Reads one event's object and preprocesses it with the version its model's model.json names. Holds no
 * mutable state, so the preparation pool calls it from many threads at once.
 */
final class ImagePreparer {

    private final PreprocessingSpec spec;
    private final Optional<ClinicalInput> clinicalInput;
    private final Preprocessor preprocessor;
    private final Optional<ClinicalFeatures> clinical;
    private final DicomReader reader = new DicomReader();
    private final Path researchRoot;

    ImagePreparer(ModelDescriptor model, Path researchRoot) {
        this.researchRoot = researchRoot;
        this.spec = model.preprocessing();
        this.clinicalInput = model.clinicalInput();
        this.preprocessor = new Preprocessor(spec);
        this.clinical = clinicalInput.map(ClinicalFeatures::new);
    }

    /** True when a tensor prepared by this preparer is exactly what {@code other} would prepare. */
    boolean compatibleWith(ImagePreparer other) {
        return spec.equals(other.spec) && Objects.equals(clinicalInput, other.clinicalInput);
    }

    Preprocessor preprocessor() {
        return preprocessor;
    }

    Optional<ClinicalFeatures> clinical() {
        return clinical;
    }

    PreparedImage prepare(RadiographDeidentified event) {
        Path path;
        try {
            path = ResearchObjects.open(researchRoot, event.getObjectUri());
        } catch (RefusedClaimCheck e) {
            // Not a file this service may open: a URI elsewhere is refused like one of another scheme.
            return PreparedImage.failed(ErrorTypes.UNSUPPORTED_OBJECT_URI, e.getMessage());
        } catch (IOException e) {
            // As before the resolver was shared: whatever keeps the object from being seen is "not found".
            return PreparedImage.failed(ErrorTypes.OBJECT_NOT_FOUND, "object not found: " + event.getObjectUri());
        }
        long start = System.nanoTime();
        StoredImage image;
        try {
            image = reader.read(path);
        } catch (UnreadableImageException e) {
            return PreparedImage.failed(ErrorTypes.UNREADABLE_DICOM, e.getMessage());
        }
        long decoded = System.nanoTime();
        try {
            float[] pixels = new float[preprocessor.floatsPerImage()];
            preprocessor.preprocessInto(image, FloatBuffer.wrap(pixels), 0);
            float[] features = null;
            if (clinical.isPresent()) {
                // The event's de-identified characteristics win; the object's own attributes fill gaps.
                Integer age = event.getPatientAgeYears() != null ? event.getPatientAgeYears() : image.patientAgeYears();
                String sex = event.getPatientSex() != null ? event.getPatientSex() : image.patientSex();
                features = new float[clinical.get().width()];
                clinical.get().encodeInto(age, sex, FloatBuffer.wrap(features), 0);
            }
            return new PreparedImage(
                    pixels, features, (decoded - start) / 1e6, (System.nanoTime() - decoded) / 1e6, null);
        } catch (RuntimeException e) {
            return PreparedImage.failed(
                    ErrorTypes.PREPROCESSING_FAILED, "preprocessing " + event.getObjectUri() + " failed: " + e);
        }
    }
}
