package org.osteon.gateway.results.objects;

import static org.assertj.core.api.Assertions.assertThat;

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
    void shouldGiveNewInstancesButTheSameSeriesForOtherFacts() throws Exception {
        ObjectCases.Written withRegion = ObjectCases.write(ObjectCases.MALIGNANT, true, dir.resolve("a"));
        ObjectCases.Written without = ObjectCases.write(ObjectCases.MALIGNANT, false, dir.resolve("b"));

        assertThat(without.sr().sopInstanceUid()).isNotEqualTo(withRegion.sr().sopInstanceUid());
        assertThat(without.ps().sopInstanceUid()).isNotEqualTo(withRegion.ps().sopInstanceUid());
        assertThat(without.sr().sopInstanceUid()).isNotEqualTo(without.ps().sopInstanceUid());
        ObjectUids a = ObjectUids.of(withRegion.source(), withRegion.facts());
        ObjectUids b = ObjectUids.of(without.source(), without.facts());
        assertThat(b.srSeries()).isEqualTo(a.srSeries());
        assertThat(b.psSeries()).isEqualTo(a.psSeries());
    }
}
