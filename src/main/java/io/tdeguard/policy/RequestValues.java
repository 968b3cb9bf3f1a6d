package io.tdeguard.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The values one request supplies for one condition key, with each value's interpretations (folded text,
 * number, date, boolean, IP address) computed on first use and kept for the rest of the evaluation, so a
 * value used by a hundred statements is parsed once. Lives for one evaluation, in one thread.
 */
final class RequestValues {

    static final RequestValues ABSENT = new RequestValues(List.of());

    /** Marks a value already found not to be a number, date, boolean or address. */
    private static final Object MALFORMED = new Object();

    private final String[] values;
    private String[] folded;
    private Object[] numbers;
    private Object[] dates;
    private Object[] booleans;
    private Object[] addresses;

    RequestValues(List<String> values) {
        this.values = values.toArray(String[]::new);
    }

    int size() {
        return values.length;
    }

    String text(int index) {
        return values[index];
    }

    String folded(int index) {
        if (folded == null) {
            folded = new String[values.length];
        }
        if (folded[index] == null) {
            folded[index] = CaseFolding.fold(values[index]);
        }
        return folded[index];
    }

    /** The value as a number, or {@code null} if it is not one. */
    BigDecimal number(int index) {
        if (numbers == null) {
            numbers = new Object[values.length];
        }
        if (numbers[index] == null) {
            try {
                numbers[index] = NumericValues.parse(values[index]);
            } catch (ValueFormatException notANumber) {
                numbers[index] = MALFORMED;
            }
        }
        return numbers[index] == MALFORMED ? null : (BigDecimal) numbers[index];
    }

    /** The value as an instant, or {@code null} if it is not a date. */
    Instant date(int index) {
        if (dates == null) {
            dates = new Object[values.length];
        }
        if (dates[index] == null) {
            try {
                dates[index] = DateValues.parse(values[index]);
            } catch (ValueFormatException notADate) {
                dates[index] = MALFORMED;
            }
        }
        return dates[index] == MALFORMED ? null : (Instant) dates[index];
    }

    /** The value as a boolean ({@code true} or {@code false} in any case), or {@code null}. */
    Boolean bool(int index) {
        if (booleans == null) {
            booleans = new Object[values.length];
        }
        if (booleans[index] == null) {
            Boolean value = BooleanValues.parseOrNull(values[index]);
            booleans[index] = value == null ? MALFORMED : value;
        }
        return booleans[index] == MALFORMED ? null : (Boolean) booleans[index];
    }

    /** The value as an IP address, or {@code null} if it is not one. */
    IpAddress address(int index) {
        if (addresses == null) {
            addresses = new Object[values.length];
        }
        if (addresses[index] == null) {
            IpAddress address = IpAddress.parseOrNull(values[index]);
            addresses[index] = address == null ? MALFORMED : address;
        }
        return addresses[index] == MALFORMED ? null : (IpAddress) addresses[index];
    }
}
