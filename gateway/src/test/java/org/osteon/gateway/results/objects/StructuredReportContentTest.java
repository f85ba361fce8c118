package org.osteon.gateway.results.objects;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SR's content tree as pydicom reads it: every fact the issue asks for, under its code. */
class StructuredReportContentTest {

    @TempDir
    Path dir;

    @Test
    void shouldHoldEveryFactAndTheRegionOnTheSourceImage() throws Exception {
        ObjectCases.Written written = ObjectCases.write(ObjectCases.MALIGNANT, true, dir.resolve("out"));
        JsonNode sr = ObjectTools.inspect(dir, "sr", written.sr().file());

        assertThat(sr.get("template").asText()).isEqualTo("1500");
        assertThat(sr.get("root").get("value").asText()).isEqualTo("126000");
        assertThat(sr.get("studyUid").asText()).isEqualTo(written.sourceStudyUid());
        assertThat(sr.get("evidenceInstance").asText()).isEqualTo(written.sourceSopInstanceUid());
        List<JsonNode> items = items(sr);

        assertThat(one(items, "121005").get("code").get("value").asText()).isEqualTo("121007");
        JsonNode probability = one(items, "111047");
        assertThat(probability.get("number").asText()).isEqualTo("81.23");
        assertThat(probability.get("unit").get("value").asText()).isEqualTo("%");
        assertThat(one(items, "UNCERTAINTY").get("number").asText()).isEqualTo("0.0421");
        JsonNode outcome = one(items, "TRIAGE");
        assertThat(outcome.get("code").get("value").asText()).isEqualTo("ESCALATE");
        assertThat(outcome.get("code").get("scheme").asText()).isEqualTo(ResultCodes.OSTEON);
        assertThat(one(items, "UNCERTAINTY_EVAL").get("code").get("value").asText())
                .isEqualTo("CONFIDENT");
        // TID 4019 under both measurements.
        assertThat(texts(items, "111001")).containsExactly("osteon-bone-xr", "osteon-bone-xr");
        assertThat(texts(items, "111003")).containsExactly(ObjectCases.MODEL_VERSION, ObjectCases.MODEL_VERSION);
        assertThat(texts(items, "111002")).containsExactly(ObjectCases.THRESHOLDS, ObjectCases.THRESHOLDS);
        assertThat(texts(items, "121106")).anyMatch(t -> t.contains(ResultFacts.NOT_FOR_CLINICAL_USE));

        JsonNode scoord = one(items, "111030");
        assertThat(scoord.get("graphicType").asText()).isEqualTo("POLYLINE");
        assertThat(points(scoord))
                .containsExactly(toDoubles(written.facts().region().orElseThrow()));
        JsonNode selectedFrom = items.get(items.indexOf(scoord) + 1);
        assertThat(selectedFrom.get("relationship").asText()).isEqualTo("SELECTED FROM");
        assertThat(selectedFrom.get("image").asText()).isEqualTo(written.sourceSopInstanceUid());
    }

    @Test
    void shouldOmitTheScoordWithoutARegionAndKeepTheRest() throws Exception {
        ObjectCases.Written written = ObjectCases.write(ObjectCases.MALIGNANT, false, dir.resolve("out"));
        List<JsonNode> items = items(ObjectTools.inspect(dir, "sr", written.sr().file()));

        assertThat(items).noneMatch(i -> i.get("type").asText().equals("SCOORD"));
        assertThat(one(items, "111047").get("number").asText()).isEqualTo("81.23");
        assertThat(one(items, "TRIAGE").get("code").get("value").asText()).isEqualTo("ESCALATE");
        assertThat(texts(items, "121106")).anyMatch(t -> t.contains(ResultFacts.NOT_FOR_CLINICAL_USE));
    }

    private static List<JsonNode> items(JsonNode sr) {
        List<JsonNode> items = new ArrayList<>();
        sr.get("items").forEach(items::add);
        return items;
    }

    private static JsonNode one(List<JsonNode> items, String concept) {
        List<JsonNode> found = items.stream()
                .filter(i -> i.has("concept")
                        && i.get("concept").get("value").asText().equals(concept))
                .toList();
        assertThat(found).as("content items named %s", concept).hasSize(1);
        return found.get(0);
    }

    private static List<String> texts(List<JsonNode> items, String concept) {
        return items.stream()
                .filter(i -> i.has("concept")
                        && i.get("concept").get("value").asText().equals(concept))
                .map(i -> i.get("text").asText())
                .toList();
    }

    private static List<Double> points(JsonNode scoord) {
        List<Double> points = new ArrayList<>();
        scoord.get("points").forEach(p -> points.add(p.asDouble()));
        return points;
    }

    private static Double[] toDoubles(Region region) {
        float[] outline = region.outlineColumnRowPairs();
        Double[] d = new Double[outline.length];
        for (int i = 0; i < outline.length; i++) {
            d[i] = (double) outline[i];
        }
        return d;
    }
}
