package org.verbatim.common.api;

import java.time.LocalDate;

/**
 * The days the API takes: those of the Gregorian calendar with four-digit years. ISO 8601 leaves earlier years to
 * agreement, and outside this range a day is not stored exactly everywhere (the JDBC date type switches to the
 * Julian calendar before 1582-10-15 and cannot hold years beyond four digits), so it is refused, not altered.
 */
public final class Dates {

    public static final LocalDate EARLIEST = LocalDate.of(1583, 1, 1);
    public static final LocalDate LATEST = LocalDate.of(9999, 12, 31);

    private Dates() {}

    /** Why this day is refused, or null if it is taken. */
    public static String problemOf(LocalDate date) {
        if (date.isBefore(EARLIEST) || date.isAfter(LATEST)) {
            return "must be a day from " + EARLIEST + " to " + LATEST;
        }
        return null;
    }
}
