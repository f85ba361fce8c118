package org.osteon.gateway.results.objects;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every UID the two objects carry, derived with {@link ResultUids} from the source and the facts.
 *
 * <p>An instance UID covers the object type, the source image, the model version and the operating point
 * (the thresholds version), nothing else. A retried write, a replayed decision and the same image sent
 * again and scored again by the same model at the same thresholds all give the same instance, which a
 * PACS takes as a resend, not a second result in the study. Scoring is deterministic (the golden-vector
 * test holds Java and Python to the same output), so such a repeat carries the same likelihood and
 * outcome; only its times may differ, and the PACS keeps the copy it stored first. A new model or new
 * thresholds give new instances. A series UID covers only study, model version and object type: one
 * series per model version and type in each study, which is what a viewer groups by.
 */
record ObjectUids(
        String srInstance,
        String srSeries,
        String psInstance,
        String psSeries,
        String deviceObserver,
        String tracking) {

    static ObjectUids of(AttributeList source, ResultFacts facts) throws DicomException {
        String study = SourceImage.studyUid(source);
        String image = SourceImage.sopInstanceUid(source);
        List<String> factParts = List.of(image, facts.modelVersion(), facts.thresholdsVersion());
        return new ObjectUids(
                instance("osteon-sr-instance", factParts),
                ResultUids.of("osteon-series", study, facts.modelVersion(), "SR"),
                instance("osteon-pr-instance", factParts),
                ResultUids.of("osteon-series", study, facts.modelVersion(), "PR"),
                ResultUids.of("osteon-device-observer", facts.modelName(), facts.modelVersion()),
                ResultUids.of("osteon-tracking", image, facts.modelVersion()));
    }

    private static String instance(String kind, List<String> factParts) {
        List<String> parts = new ArrayList<>();
        parts.add(kind);
        parts.addAll(factParts);
        return ResultUids.of(parts.toArray(String[]::new));
    }
}
