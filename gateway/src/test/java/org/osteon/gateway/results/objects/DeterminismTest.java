package org.osteon.gateway.results.objects;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.AttributeList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same source and facts, same objects: the writer reads no clock and no random source. */
class DeterminismTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteIdenticalObjectsTwice() throws Exception {
        ObjectCases.Written first = ObjectCases.write(ObjectCases.MALIGNANT, true, dir.resolve("a"));
        ObjectCases.Written second = ObjectCases.write(ObjectCases.MALIGNANT, true, dir.resolve("b"));

        for (List<WrittenObject> pair : List.of(List.of(first.sr(), second.sr()), List.of(first.ps(), second.ps()))) {
            assertThat(pair.get(1).sopInstanceUid()).isEqualTo(pair.get(0).sopInstanceUid());
            assertThat(pair.get(1).file().getFileName())
                    .isEqualTo(pair.get(0).file().getFileName());
            assertThat(Files.readAllBytes(pair.get(1).file()))
                    .isEqualTo(Files.readAllBytes(pair.get(0).file()));
        }
    }

    @Test
    void shouldKeepTheInstancesForTheSameImageModelAndThresholdsAndTheSeriesForAnotherModel() throws Exception {
        AttributeList source = ObjectCases.read(ObjectCases.MALIGNANT);
        ResultFacts first = ObjectCases.facts(ObjectCases.region(source));
        // The same image sent again and scored again: a later decision, the same model and thresholds.
        ResultFacts again = new ResultFacts(
                first.outcome(),
                first.malignantProbability(),
                first.uncertainty(),
                first.modelVersion(),
                first.thresholdsVersion(),
                first.provenance(),
                first.decidedAt().plusSeconds(3600),
                first.region());
        ResultFacts otherThresholds =
                withModel(first, first.modelVersion(), "osteon-bone-xr@0.2.0;escalate=0.5;review=0.7");
        ResultFacts otherModel = withModel(first, "0.3.0", "osteon-bone-xr@0.3.0;escalate=0.3444;review=0.7228");

        ObjectUids a = ObjectUids.of(source, first);
        ObjectUids b = ObjectUids.of(source, again);
        assertThat(b.srInstance()).isEqualTo(a.srInstance());
        assertThat(b.psInstance()).isEqualTo(a.psInstance());
        assertThat(a.srInstance()).isNotEqualTo(a.psInstance());

        ObjectUids c = ObjectUids.of(source, otherThresholds);
        assertThat(c.srInstance()).isNotEqualTo(a.srInstance());
        assertThat(c.psInstance()).isNotEqualTo(a.psInstance());
        assertThat(c.srSeries()).isEqualTo(a.srSeries());
        assertThat(c.psSeries()).isEqualTo(a.psSeries());

        ObjectUids d = ObjectUids.of(source, otherModel);
        assertThat(d.srInstance()).isNotEqualTo(a.srInstance());
        assertThat(d.srSeries()).isNotEqualTo(a.srSeries());
    }

    private static ResultFacts withModel(ResultFacts facts, String modelVersion, String thresholdsVersion) {
        return new ResultFacts(
                facts.outcome(),
                facts.malignantProbability(),
                facts.uncertainty(),
                modelVersion,
                thresholdsVersion,
                facts.provenance(),
                facts.decidedAt(),
                facts.region());
    }
}
