package org.osteon.gateway.results.objects;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The GSPS: what it references and draws, and that dcmtk renders the drawing onto the source. */
class PresentationStateTest {

    @TempDir
    Path dir;

    @Test
    void shouldReferenceTheSourceAndCarryTextAndGraphics() throws Exception {
        ObjectCases.Written written = ObjectCases.write(ObjectCases.MALIGNANT, true, dir.resolve("out"));
        JsonNode ps = ObjectTools.inspect(dir, "pr", written.ps().file());

        assertThat(ps.get("studyUid").asText()).isEqualTo(written.sourceStudyUid());
        assertThat(ps.get("referencedSeries").asText()).isEqualTo(written.sourceSeriesUid());
        assertThat(ps.get("referencedInstance").asText()).isEqualTo(written.sourceSopInstanceUid());
        assertThat(ps.get("annotatedInstance").asText()).isEqualTo(written.sourceSopInstanceUid());
        assertThat(ps.get("texts")).hasSize(1);
        assertThat(ps.get("texts").get(0).asText())
                .contains("ESCALATE", "p(malignant)=0.81", ResultFacts.NOT_FOR_CLINICAL_USE);
        // The outline and the two arms of the cross at the peak.
        assertThat(ps.get("graphics")).hasSize(3);
        assertThat(ps.get("shutter").asText()).isEqualTo("BITMAP");
    }

    @Test
    void shouldKeepTheTextWithoutARegion() throws Exception {
        ObjectCases.Written written = ObjectCases.write(ObjectCases.MALIGNANT, false, dir.resolve("out"));
        JsonNode ps = ObjectTools.inspect(dir, "pr", written.ps().file());

        assertThat(ps.get("texts").get(0).asText()).contains("ESCALATE", ResultFacts.NOT_FOR_CLINICAL_USE);
        assertThat(ps.get("graphics")).isEmpty();
        assertThat(ps.get("shutter").asText()).isEmpty();
        int[][] plain = ObjectTools.render(ObjectCases.MALIGNANT, null, dir.resolve("plain.pgm"));
        int[][] withState =
                ObjectTools.render(ObjectCases.MALIGNANT, written.ps().file(), dir.resolve("ps.pgm"));
        assertThat(withState).isDeepEqualTo(plain);
    }

    /**
     * Rendered through the state, the image is the plain rendering except on the outline and the cross,
     * all inside the region's bounding box: the state's grayscale pipeline reproduces the image's own.
     */
    @ParameterizedTest
    @ValueSource(strings = {"03-malignant-femur.dcm", "04-normal-humerus.dcm"})
    void shouldRenderTheOutlineOverTheSourceAndChangeNothingElse(String sample) throws Exception {
        Path source = ObjectCases.SAMPLES.resolve(sample);
        ObjectCases.Written written = ObjectCases.write(source, true, dir.resolve("out"));
        Region region = written.facts().region().orElseThrow();

        int[][] plain = ObjectTools.render(source, null, dir.resolve("plain.pgm"));
        int[][] withState = ObjectTools.render(source, written.ps().file(), dir.resolve("ps.pgm"));

        float[] box = region.outlineColumnRowPairs(); // x0, y0, x1, y0, x1, y1, ...
        int left = (int) Math.floor(box[0]), top = (int) Math.floor(box[1]);
        int right = (int) Math.ceil(box[4]), bottom = (int) Math.ceil(box[5]);
        int changed = 0, changedOutside = 0, topEdge = 0;
        for (int r = 0; r < plain.length; r++) {
            for (int c = 0; c < plain[r].length; c++) {
                if (plain[r][c] != withState[r][c]) {
                    changed++;
                    if (r < top || r > bottom || c < left || c > right) {
                        changedOutside++;
                    }
                }
            }
        }
        for (int c = left; c < right; c++) {
            topEdge += withState[top][c] != plain[top][c] ? 1 : 0;
        }
        assertThat(changed).as("pixels the state changes").isGreaterThan(2 * (right - left));
        assertThat(changedOutside).as("pixels changed outside the region").isZero();
        // The outline is drawn white: every pixel of its top edge that was not white already changed.
        assertThat(topEdge).as("changed pixels on the top edge").isGreaterThan((right - left) * 9 / 10);
    }
}
