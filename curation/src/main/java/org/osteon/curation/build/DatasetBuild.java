package org.osteon.curation.build;

import java.io.IOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import org.osteon.curation.label.Reconciliation;
import org.osteon.curation.read.TopicSnapshot;
import org.osteon.curation.write.BuiltDataset;
import org.osteon.curation.write.DatasetSpec;
import org.osteon.curation.write.DatasetWriter;
import org.osteon.events.RadiographDeidentified;
import org.osteon.schemas.topic.Topics;

/**
 * {@code ./osteon dataset build}: a snapshot of the de-identified images, the reader feedback and the
 * diagnoses, reconciled per study, selected, and written as one immutable dataset folder.
 */
public final class DatasetBuild {

    private final TopicSnapshot snapshot;
    private final DatasetWriter writer;

    public DatasetBuild(TopicSnapshot snapshot, DatasetWriter writer) {
        this.snapshot = snapshot;
        this.writer = writer;
    }

    public BuiltDataset run(BuildOptions options) throws IOException {
        Map<String, SortedMap<Integer, Long>> topics = new LinkedHashMap<>();
        // Each topic's end offsets are captured as its read begins and recorded in dataset.json.
        Reconciliation labels = new Reconciliation();
        topics.put(Topics.TRIAGE_DIAGNOSIS.name(), snapshot.read(Topics.TRIAGE_DIAGNOSIS, labels::add));
        topics.put(Topics.TRIAGE_FEEDBACK.name(), snapshot.read(Topics.TRIAGE_FEEDBACK, labels::add));
        // A redelivered event names the same instance twice: the latest de-identification stands for it.
        Map<String, RadiographDeidentified> latest = new HashMap<>();
        Comparator<RadiographDeidentified> newer = Comparator.comparing(RadiographDeidentified::getDeidentifiedAt)
                .thenComparing(RadiographDeidentified::getEventId);
        topics.put(
                Topics.RADIOGRAPH_DEIDENTIFIED.name(),
                snapshot.read(
                        Topics.RADIOGRAPH_DEIDENTIFIED,
                        image -> latest.merge(
                                image.getInstanceKey(), image, (a, b) -> newer.compare(a, b) >= 0 ? a : b)));
        ImageSelection selection = new ImageSelection(options, labels).select(latest.values());
        DatasetSpec spec = new DatasetSpec(
                options.datasetsRoot(),
                options.name(),
                options.splitRule(),
                options.maxObjectBytes(),
                topics,
                selection.exclusions(),
                selection.labelledStudiesWithoutImages());
        return writer.write(spec, selection.rows());
    }
}
