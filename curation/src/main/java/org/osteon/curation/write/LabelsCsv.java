package org.osteon.curation.write;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;

/**
 * labels.csv: one row per image, sorted by file, with {@code \n} line ends, so that the same rows give the
 * same bytes (and so the same content hash) in every build.
 */
public final class LabelsCsv {

    public static final String HEADER =
            "file,study_key,instance_key,label,label_source,site,recorded_at,split,age_years,sex,body_part,view";

    private LabelsCsv() {}

    public static byte[] render(List<DatasetRow> rows) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        rows.stream()
                .sorted(Comparator.comparing(DatasetRow::file))
                .forEach(row -> csv.append(String.join(
                                ",",
                                row.file(),
                                row.studyKey(),
                                row.instanceKey(),
                                row.label().label().csv(),
                                field(row.label().source()),
                                field(row.site()),
                                DateTimeFormatter.ISO_INSTANT.format(row.label().recordedAt()),
                                row.split(),
                                row.ageYears() == null ? "" : row.ageYears().toString(),
                                field(row.sex()),
                                field(row.bodyPart()),
                                field(row.view())))
                        .append('\n'));
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 4180: a value with a comma, quote or line break is quoted, its quotes doubled; null is empty. */
    static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
