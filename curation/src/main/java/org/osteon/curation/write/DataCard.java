package org.osteon.curation.write;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.osteon.curation.label.Label;

/**
 * The data card of a dataset: images counted by label, site, month (of the label's recorded_at), label
 * source and split; the exclusions with their reasons. Written as data_card.json and DATA_CARD.md.
 */
public final class DataCard {

    private static final DateTimeFormatter MONTH =
            DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

    private DataCard() {}

    /** Images by label, every label named (zero when absent), in the order of {@link Label}. */
    public static Map<String, Integer> labelCounts(List<DatasetRow> rows) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Label label : Label.values()) {
            counts.put(label.csv(), 0);
        }
        rows.forEach(r -> counts.merge(r.label().label().csv(), 1, Integer::sum));
        return counts;
    }

    public static long studies(List<DatasetRow> rows) {
        return rows.stream().map(DatasetRow::studyKey).distinct().count();
    }

    public static Map<String, Object> json(DatasetSpec spec, String contentSha256, List<DatasetRow> rows) {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("name", spec.name());
        card.put("content_sha256", contentSha256);
        card.put("images", rows.size());
        card.put("studies", studies(rows));
        card.put("by_label", labelCounts(rows));
        card.put("by_site", count(rows, r -> r.site() == null ? "unknown" : r.site()));
        card.put("by_month", count(rows, r -> MONTH.format(r.label().recordedAt())));
        card.put("by_label_source", count(rows, r -> r.label().source()));
        card.put("by_split", count(rows, DatasetRow::split));
        card.put("excluded_images", spec.exclusions().total());
        card.put("exclusions", spec.exclusions().counts());
        card.put("labelled_studies_without_images", spec.labelledStudiesWithoutImages());
        card.put("provenance", DatasetSpec.PROVENANCE);
        return card;
    }

    @SuppressWarnings("unchecked")
    public static String markdown(Map<String, Object> card) {
        StringBuilder md = new StringBuilder();
        md.append("# Data card: ").append(card.get("name")).append("\n\n");
        md.append("Content SHA-256: `").append(card.get("content_sha256")).append("`\n\n");
        md.append(card.get("images"))
                .append(" images of ")
                .append(card.get("studies"))
                .append(" studies; ")
                .append(card.get("excluded_images"))
                .append(" images excluded. ")
                .append(card.get("provenance"))
                .append("\n");
        for (String[] table : new String[][] {
            {"by_label", "Label"},
            {"by_site", "Site"},
            {"by_month", "Month (label recorded)"},
            {"by_label_source", "Label source"},
            {"by_split", "Split"},
            {"exclusions", "Excluded: reason"}
        }) {
            md.append("\n## ")
                    .append(table[1])
                    .append("\n\n| ")
                    .append(table[1])
                    .append(" | images |\n|---|---:|\n");
            Map<String, ?> counts = (Map<String, ?>) card.get(table[0]);
            if (counts.isEmpty()) {
                md.append("| none | 0 |\n");
            }
            counts.forEach((key, n) ->
                    md.append("| ").append(key).append(" | ").append(n).append(" |\n"));
        }
        md.append("\nStudies with a label but no image in the research store: ")
                .append(card.get("labelled_studies_without_images"))
                .append(".\n");
        return md.toString();
    }

    private static SortedMap<String, Long> count(List<DatasetRow> rows, Function<DatasetRow, String> key) {
        return rows.stream()
                .sorted(Comparator.comparing(DatasetRow::file))
                .collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }
}
