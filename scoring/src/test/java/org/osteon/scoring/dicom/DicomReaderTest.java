package org.osteon.scoring.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DicomReaderTest {

    @Test
    void shouldTurnAgeStringsIntoWholeYears() {
        assertThat(DicomReader.ageYears("034Y")).isEqualTo(34);
        assertThat(DicomReader.ageYears("018M")).isEqualTo(1);
        assertThat(DicomReader.ageYears("010W")).isEqualTo(0);
        assertThat(DicomReader.ageYears("400D")).isEqualTo(1);
        assertThat(DicomReader.ageYears("")).isNull();
        assertThat(DicomReader.ageYears("abcY")).isNull();
    }

    @Test
    void shouldReportAMissingObjectAsUnreadable(@TempDir Path dir) {
        assertThatThrownBy(() -> new DicomReader().read(dir.resolve("nope.dcm")))
                .isInstanceOf(UnreadableImageException.class).hasMessageContaining("not found");
    }
}
