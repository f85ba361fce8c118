package org.osteon.streams.deid.profile;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The "modified dates" of the Retain Longitudinal Temporal Information option: every date of one
 * patient moves back by the same keyed number of days, so intervals between studies survive and the
 * real dates do not. Times of day are kept as they are.
 */
public final class DateShifter {

    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    private final int days;

    /** @param days how far back to move dates, at least 1 */
    public DateShifter(int days) {
        if (days < 1) {
            throw new IllegalArgumentException("date shift must be at least one day, got " + days);
        }
        this.days = days;
    }

    public int days() {
        return days;
    }

    /** A DA value (or a DA range {@code a-b}) shifted; empty when it is not a full date that can be shifted. */
    public Optional<String> shiftDate(String value) {
        String v = value.strip();
        if (v.contains("-")) {
            String[] parts = v.split("-", -1);
            if (parts.length != 2) {
                return Optional.empty();
            }
            Optional<String> from = parts[0].isEmpty() ? Optional.of("") : shiftDate(parts[0]);
            Optional<String> to = parts[1].isEmpty() ? Optional.of("") : shiftDate(parts[1]);
            return from.isPresent() && to.isPresent() ? Optional.of(from.get() + "-" + to.get()) : Optional.empty();
        }
        if (v.length() != 8) {
            // A year or year-month alone cannot move by days without rounding; drop it instead.
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(v, DA).minusDays(days).format(DA));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A DT value with its date part shifted and its time and offset kept. */
    public Optional<String> shiftDateTime(String value) {
        String v = value.strip();
        if (v.length() < 8) {
            return Optional.empty();
        }
        return shiftDate(v.substring(0, 8)).map(date -> date + v.substring(8));
    }
}
