package org.osteon.scoring.pipeline;

import java.net.URI;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.osteon.events.RadiographDeidentified;
import org.osteon.scoring.dicom.DicomReader;
import org.osteon.scoring.dicom.StoredImage;
import org.osteon.scoring.dicom.UnreadableImageException;
import org.osteon.scoring.inference.BatchResult;
import org.osteon.scoring.inference.OnnxModel;
import org.osteon.scoring.postprocess.ScoredEventMapper;
import org.osteon.scoring.preprocess.ClinicalFeatures;
import org.osteon.scoring.preprocess.Preprocessor;

/**
 * Scores a list of eligible events in one inference: read each object, preprocess it into its slot of
 * one direct buffer, run the model once, map each prediction. A failure is pinned to the one event
 * that caused it; its batch-mates are still scored.
 */
public final class BatchScorer {

    private static final Logger LOG = Logger.getLogger(BatchScorer.class);

    private final OnnxModel model;
    private final Preprocessor preprocessor;
    private final Optional<ClinicalFeatures> clinical;
    private final ScoredEventMapper mapper;
    private final DicomReader reader = new DicomReader();
    private final Clock clock;

    public BatchScorer(OnnxModel model, Clock clock) {
        this.model = model;
        this.preprocessor = new Preprocessor(model.descriptor().preprocessing());
        this.clinical = model.descriptor().clinicalInput().map(ClinicalFeatures::new);
        this.mapper = new ScoredEventMapper(model.descriptor(), model.executionProvider());
        this.clock = clock;
    }

    /** One outcome per event, in the same order. */
    public List<Outcome> score(List<RadiographDeidentified> events) {
        Outcome[] outcomes = new Outcome[events.size()];
        FloatBuffer images = preprocessor.allocateBatch(events.size());
        Optional<FloatBuffer> features = clinical.map(c -> c.allocateBatch(events.size()));
        int[] slotOf = new int[events.size()];
        int slots = 0;
        for (int i = 0; i < events.size(); i++) {
            Outcome.Failed failure = prepare(events.get(i), images, features, slots);
            if (failure != null) {
                outcomes[i] = failure;
                slotOf[i] = -1;
            } else {
                slotOf[i] = slots++;
            }
        }
        infer(events, images, features, slots, slotOf, outcomes);
        return Arrays.asList(outcomes);
    }

    /** Reads and preprocesses one event into {@code slot}; returns the failure, or null on success. */
    private Outcome.Failed prepare(RadiographDeidentified event, FloatBuffer images, Optional<FloatBuffer> features,
            int slot) {
        Path path;
        try {
            path = toPath(event.getObjectUri());
        } catch (IllegalArgumentException e) {
            return new Outcome.Failed(ErrorTypes.UNSUPPORTED_OBJECT_URI, e.getMessage());
        }
        if (!Files.isRegularFile(path)) {
            return new Outcome.Failed(ErrorTypes.OBJECT_NOT_FOUND, "object not found: " + event.getObjectUri());
        }
        StoredImage image;
        try {
            image = reader.read(path);
        } catch (UnreadableImageException e) {
            return new Outcome.Failed(ErrorTypes.UNREADABLE_DICOM, e.getMessage());
        }
        try {
            preprocessor.preprocessInto(image, images, slot);
            // The event's de-identified characteristics win; the object's own attributes fill gaps.
            Integer age = event.getPatientAgeYears() != null ? event.getPatientAgeYears() : image.patientAgeYears();
            String sex = event.getPatientSex() != null ? event.getPatientSex() : image.patientSex();
            clinical.ifPresent(c -> c.encodeInto(age, sex, features.orElseThrow(), slot));
            return null;
        } catch (RuntimeException e) {
            return new Outcome.Failed(ErrorTypes.PREPROCESSING_FAILED, "preprocessing " + event.getObjectUri()
                    + " failed: " + e);
        }
    }

    private void infer(List<RadiographDeidentified> events, FloatBuffer images, Optional<FloatBuffer> features,
            int slots, int[] slotOf, Outcome[] outcomes) {
        if (slots == 0) {
            return;
        }
        try {
            BatchResult result = model.run(images, slots, features);
            for (int i = 0; i < events.size(); i++) {
                if (slotOf[i] >= 0) {
                    outcomes[i] = new Outcome.Scored(mapper.map(events.get(i), result.predictions().get(slotOf[i]),
                            result.millisPerImage(), slots, clock.instant()));
                }
            }
        } catch (Exception e) {
            if (slots == 1) {
                int only = indexOfSlot(slotOf, 0);
                outcomes[only] = new Outcome.Failed(ErrorTypes.INFERENCE_FAILED, "inference failed: " + e);
                return;
            }
            // Find the culprit: score each image alone so one bad input cannot fail its batch-mates.
            LOG.warnf("batch inference of %d images failed (%s); scoring them one by one", slots, e.toString());
            for (int i = 0; i < events.size(); i++) {
                if (slotOf[i] >= 0) {
                    outcomes[i] = score(List.of(events.get(i))).get(0);
                }
            }
        }
    }

    private static int indexOfSlot(int[] slotOf, int slot) {
        for (int i = 0; i < slotOf.length; i++) {
            if (slotOf[i] == slot) {
                return i;
            }
        }
        throw new IllegalStateException("no event in slot " + slot);
    }

    /** Claim checks are {@code file:} URIs in embedded mode; a bare absolute path is accepted too. */
    static Path toPath(String objectUri) {
        if (objectUri == null || objectUri.isBlank()) {
            throw new IllegalArgumentException("event has no object URI");
        }
        if (objectUri.startsWith("file:")) {
            return Path.of(URI.create(objectUri));
        }
        if (objectUri.startsWith("/")) {
            return Path.of(objectUri);
        }
        throw new IllegalArgumentException("cannot open object URI " + objectUri + ": only file: URIs are supported");
    }

    List<Outcome> scoreAll(List<RadiographDeidentified> events, int maxBatch) {
        List<Outcome> all = new ArrayList<>(events.size());
        for (int from = 0; from < events.size(); from += maxBatch) {
            all.addAll(score(events.subList(from, Math.min(events.size(), from + maxBatch))));
        }
        return all;
    }
}
