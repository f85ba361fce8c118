package org.osteon.streams.deid;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PatientAgeTest {

    @Test
    void shouldTurnAgeStringsIntoWholeYears() {
        assertThat(PatientAge.years("045Y")).isEqualTo(45);
        assertThat(PatientAge.years("006M")).isZero();
        assertThat(PatientAge.years("030M")).isEqualTo(2);
        assertThat(PatientAge.years("104W")).isEqualTo(2);
        assertThat(PatientAge.years("400D")).isEqualTo(1);
    }

    @Test
    void shouldGiveNullForAbsentOrMalformedAges() {
        assertThat(PatientAge.years(null)).isNull();
        assertThat(PatientAge.years("")).isNull();
        assertThat(PatientAge.years("forty")).isNull();
    }
}
