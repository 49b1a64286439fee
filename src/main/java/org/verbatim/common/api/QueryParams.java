package org.verbatim.common.api;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.verbatim.common.error.ApiException;

/** Parses query parameters ourselves, so a bad value is a 400 that names the parameter, not a 404. */
public final class QueryParams {

    /** Repeatable filters are bounded so that one request cannot build an unbounded SQL IN list. */
    public static final int MAX_VALUES = 50;

    private QueryParams() {}

    public static int integer(String name, String value, int defaultValue, int min, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        int result;
        try {
            result = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, "'" + value + "' is not a whole number between " + min + " and " + max);
        }
        if (result < min || result > max) {
            throw ApiException.invalid(name, "must be between " + min + " and " + max);
        }
        return result;
    }

    /** {@code true} or {@code false}; absent gives the default. */
    public static boolean bool(String name, String value, boolean defaultValue) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        return switch (value.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.invalid(name, "must be true or false");
        };
    }

    public static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(name, "'" + value + "' is not a valid ISO-8601 date (yyyy-MM-dd)");
        }
        String problem = Dates.problemOf(date);
        if (problem != null) {
            throw ApiException.invalid(name, problem);
        }
        return date;
    }

    /** A {@code from}/{@code to} range must not end before it starts. */
    public static void requireOrdered(LocalDate from, LocalDate to) {
        if (from != null && to != null && to.isBefore(from)) {
            throw ApiException.invalid("to", "must not be before from " + from);
        }
    }

    public static <E extends Enum<E>> List<E> enums(String name, List<String> values, Class<E> type) {
        List<E> result = new ArrayList<>();
        for (String value : strings(name, values)) {
            try {
                result.add(Enum.valueOf(type, value.toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid(name,
                        "'" + value + "' is not one of " + Arrays.toString(type.getEnumConstants()));
            }
        }
        return result;
    }

    /** Non-blank values of a repeatable parameter; also accepts comma-separated values. */
    public static List<String> strings(String name, List<String> values) {
        List<String> result = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                for (String part : value.split(",")) {
                    if (!part.isBlank()) {
                        result.add(part.trim());
                    }
                }
            }
        }
        if (result.size() > MAX_VALUES) {
            throw ApiException.invalid(name, "at most " + MAX_VALUES + " values are allowed");
        }
        return result;
    }

    public static String text(String name, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > maxLength) {
            throw ApiException.invalid(name, "must be at most " + maxLength + " characters");
        }
        return value.trim();
    }
}
