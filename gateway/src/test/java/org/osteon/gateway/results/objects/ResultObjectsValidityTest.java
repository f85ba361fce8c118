package org.osteon.gateway.results.objects;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Both objects pass dicom3tools' IOD checker with no error, for every kind of source. */
class ResultObjectsValidityTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, region {1}")
    @CsvSource({
        "03-malignant-femur.dcm, true",
        "03-malignant-femur.dcm, false",
        "01-normal-femur.dcm, true",
        "04-normal-humerus.dcm, true",
        "ir87, true"
    })
    void shouldPassDciodvfyWithoutErrors(String sample, boolean withRegion) throws Exception {
        Path source = sample.equals("ir87") ? CharacterSetTest.ir87Copy(dir) : ObjectCases.SAMPLES.resolve(sample);

        ObjectCases.Written written = ObjectCases.write(source, withRegion, dir.resolve("out"));

        for (Path file : List.of(written.sr().file(), written.ps().file())) {
            assertThat(ObjectTools.dciodvfyErrors(file))
                    .as("dciodvfy errors for %s", file.getFileName())
                    .isEmpty();
        }
    }
}
