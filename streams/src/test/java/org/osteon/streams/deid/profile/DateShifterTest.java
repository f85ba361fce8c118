package org.osteon.streams.deid.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DateShifterTest {

    private final DateShifter shifter = new DateShifter(10);

    @Test
    void shouldMoveDatesBackAndKeepIntervals() {
        assertThat(shifter.shiftDate("20190823")).contains("20190813");
        assertThat(shifter.shiftDate("20190305")).contains("20190223");
        assertThat(shifter.shiftDate("20190801-20190823")).contains("20190722-20190813");
        assertThat(shifter.shiftDateTime("20190823101112.5+0100")).contains("20190813101112.5+0100");
    }

    @Test
    void shouldDropWhatCannotBeShiftedExactly() {
        assertThat(shifter.shiftDate("2019")).isEmpty();
        assertThat(shifter.shiftDate("20191340")).isEmpty();
        assertThat(shifter.shiftDateTime("2019")).isEmpty();
        assertThatThrownBy(() -> new DateShifter(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
