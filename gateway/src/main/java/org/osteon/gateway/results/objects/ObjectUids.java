package org.osteon.gateway.results.objects;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every UID the two objects carry, derived with {@link ResultUids} from the source and the facts.
 *
 * <p>An instance UID covers the source image and every fact, so writing the same facts again gives the
 * same instance (a PACS takes it as a resend) and a new decision gives a new one (never other content under
 * a UID the PACS already holds). A series UID covers only study, model version and object type: one
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
        List<String> factParts = new ArrayList<>(List.of(
                image,
                facts.outcome(),
                Double.toString(facts.malignantProbability()),
                Double.toString(facts.uncertainty()),
                facts.modelVersion(),
                facts.thresholdsVersion(),
                facts.provenance(),
                facts.decidedAt().toString(),
                facts.region().map(Region::toString).orElse("no region")));
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
