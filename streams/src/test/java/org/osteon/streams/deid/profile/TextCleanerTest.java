package org.osteon.streams.deid.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextCleanerTest {

    private final TextCleaner cleaner =
            new TextCleaner(List.of("Yamada^Tarou=山田^太郎", "PID-90210-X", "St. Private Hospital"));

    @Test
    void shouldKeepTheExaminationAndBlankEveryIdentifier() {
        assertThat(cleaner.clean("XR FEMUR LEFT 2 VIEWS")).isEqualTo("XR FEMUR LEFT 2 VIEWS");
        assertThat(cleaner.clean("XR FEMUR for yamada tarou (PID-90210-X) at St. Private Hospital"))
                .doesNotContainIgnoringCase("yamada")
                .doesNotContainIgnoringCase("tarou")
                .doesNotContain("90210")
                .doesNotContain("Private Hospital")
                .startsWith("XR FEMUR for");
        assertThat(cleaner.clean("山田 knee")).isEqualTo("*** knee");
    }

    @Test
    void shouldBlankDatesPhoneNumbersMailAndLongNumbers() {
        assertThat(cleaner.clean("seen 2019-08-23 and 23/08/2019, call +44 20 7946 0999, a@b.org, MRN 1234567"))
                .doesNotContain("2019")
                .doesNotContain("7946")
                .doesNotContain("a@b.org")
                .doesNotContain("1234567");
        assertThat(TextCleaner.isEmptied(cleaner.clean("PID-90210-X"))).isTrue();
        assertThat(TextCleaner.isEmptied(cleaner.clean("FEMUR"))).isFalse();
    }
}
