package io.tdeguard.policy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Dates for the {@code Date} operators, compared as instants:
 * <ul>
 * <li>an RFC 3339 date-time (the ISO 8601 profile) with an offset: {@code 2026-01-01T00:00:00+08:00},
 *     {@code 2025-12-31T16:00:00Z}, with an optional fraction of a second ({@code .123}, up to nine digits);
 *     {@code T} and {@code Z} may be lowercase. A date-time without an offset is refused: it names no
 *     instant.</li>
 * <li>epoch seconds: digits only, such as {@code 1767196800}, up to the end of year 9999.</li>
 * </ul>
 * Parsed by hand rather than with {@code DateTimeFormatter}, which is ten times slower on the request path;
 * the tests cross-check this parser against {@code java.time}.
 */
final class DateValues {

    /** 9999-12-31T23:59:59Z: four-digit years, as in the date-time form. */
    static final long MAX_EPOCH_SECONDS = 253_402_300_799L;

    private static final String EXPECTED =
            "expected a date-time with an offset such as \"2026-01-01T00:00:00+08:00\", or epoch seconds";

    /** Nanoseconds in one unit of the last digit of a fraction with that many digits. */
    private static final int[] NANOS_PER_FRACTION_UNIT =
            {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private DateValues() {
    }

    static Instant parse(String text) throws ValueFormatException {
        return allDigits(text) ? epochSeconds(text) : dateTime(text);
    }

    private static Instant epochSeconds(String digits) throws ValueFormatException {
        if (digits.length() > 12 || Long.parseLong(digits) > MAX_EPOCH_SECONDS) {
            throw invalid(digits, "epoch seconds after the year 9999");
        }
        return Instant.ofEpochSecond(Long.parseLong(digits));
    }

    private static Instant dateTime(String text) throws ValueFormatException {
        // YYYY-MM-DDThh:mm:ss[.fraction](Z|+hh:mm|-hh:mm)
        if (text.length() < 19 || !at(text, 4, '-') || !at(text, 7, '-') || !(at(text, 10, 'T') || at(text, 10, 't'))
                || !at(text, 13, ':') || !at(text, 16, ':')) {
            throw invalid(text, EXPECTED);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            throw invalid(text, EXPECTED);
        }
        int position = 19;
        int nanos = 0;
        if (at(text, position, '.')) {
            int fractionStart = ++position;
            while (position < text.length() && isDigit(text.charAt(position))) {
                position++;
            }
            int fractionDigits = position - fractionStart;
            if (fractionDigits == 0 || fractionDigits > 9) {
                throw invalid(text, "a fraction of a second has one to nine digits");
            }
            nanos = digits(text, fractionStart, fractionDigits) * NANOS_PER_FRACTION_UNIT[fractionDigits];
        }
        int offsetSeconds = offsetSeconds(text, position);
        if (hour > 23 || minute > 59 || second > 59) {
            throw invalid(text, "time of day out of range");
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException noSuchDay) {
            throw invalid(text, "no such day");
        }
        long epochSecond = epochDay * 86_400 + hour * 3_600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    private static int offsetSeconds(String text, int position) throws ValueFormatException {
        if (position == text.length()) {
            throw invalid(text, "missing UTC offset such as \"Z\" or \"+08:00\"");
        }
        char sign = text.charAt(position);
        if ((sign == 'Z' || sign == 'z') && position + 1 == text.length()) {
            return 0;
        }
        if ((sign == '+' || sign == '-') && position + 6 == text.length() && at(text, position + 3, ':')) {
            int hours = digits(text, position + 1, 2);
            int minutes = digits(text, position + 4, 2);
            if (hours >= 0 && minutes >= 0) {
                if (hours > 23 || minutes > 59) {
                    throw invalid(text, "UTC offset out of range");
                }
                int seconds = hours * 3_600 + minutes * 60;
                return sign == '-' ? -seconds : seconds;
            }
        }
        throw invalid(text, EXPECTED);
    }

    /** The number written by {@code count} digits at {@code start}, or -1 if they are not all digits. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            if (i >= text.length() || !isDigit(text.charAt(i))) {
                return -1;
            }
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    private static boolean allDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return !text.isEmpty();
    }

    private static boolean isDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }

    private static boolean at(String text, int index, char expected) {
        return index < text.length() && text.charAt(index) == expected;
    }

    private static ValueFormatException invalid(String text, String why) {
        return new ValueFormatException("invalid date " + Quoting.quote(text) + ": " + why);
    }
}
