package org.osteon.curation.scores;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osteon.curation.read.TopicSnapshot;
import org.osteon.events.RadiographScored;
import org.osteon.schemas.topic.Topic;
import org.osteon.schemas.topic.Topics;

/**
 * {@code ./osteon dataset scores}: the primary and shadow models' scores as JSON lines, for the gate's
 * shadow agreement. Both topics are read as snapshots (committed records, to the end offsets at start).
 * The role comes from the topic, which is what decides it: radiograph-scored-shadow-v1 is the shadow.
 * Written to a temporary file and renamed, so a reader never sees half an export.
 */
public final class ScoresExport {

    /** How many lines were written, by role. */
    public record Exported(int primary, int shadow) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TopicSnapshot snapshot;

    public ScoresExport(TopicSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    /** @param last the most recent events (by scored_at) kept of each topic; 0 keeps them all */
    public Exported run(Path out, int last) throws IOException {
        List<Map<String, Object>> primary = read(Topics.RADIOGRAPH_SCORED, "primary", last);
        List<Map<String, Object>> shadow = read(Topics.RADIOGRAPH_SCORED_SHADOW, "shadow", last);
        List<Map<String, Object>> lines = new ArrayList<>(primary);
        lines.addAll(shadow);
        lines.sort(Comparator.comparing((Map<String, Object> l) -> (String) l.get("scored_at"))
                .thenComparing(l -> (String) l.get("model_role"))
                .thenComparing(l -> (String) l.get("instance_key")));
        Path absolute = out.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".part");
        try {
            try (BufferedWriter writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                for (Map<String, Object> line : lines) {
                    writer.write(JSON.writeValueAsString(line));
                    writer.write('\n');
                }
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return new Exported(primary.size(), shadow.size());
    }

    private List<Map<String, Object>> read(Topic<String, RadiographScored> topic, String role, int last) {
        List<RadiographScored> events = new ArrayList<>();
        snapshot.read(topic, events::add);
        events.sort(Comparator.comparing(RadiographScored::getScoredAt).thenComparing(RadiographScored::getEventId));
        List<RadiographScored> kept =
                last > 0 && events.size() > last ? events.subList(events.size() - last, events.size()) : events;
        return kept.stream().map(e -> line(e, role)).toList();
    }

    static Map<String, Object> line(RadiographScored event, String role) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("study_key", event.getStudyKey());
        line.put("instance_key", event.getInstanceKey());
        line.put("model_role", role);
        line.put("model_version", event.getModelVersion());
        line.put("malignant_probability", event.getMalignantProbability());
        line.put("uncertainty", event.getUncertainty());
        line.put("escalate_threshold", event.getEscalateThreshold());
        line.put("review_uncertainty_threshold", event.getReviewUncertaintyThreshold());
        line.put("scored_at", DateTimeFormatter.ISO_INSTANT.format(event.getScoredAt()));
        return line;
    }
}
