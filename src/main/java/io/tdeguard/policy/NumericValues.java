package io.tdeguard.policy;

import java.math.BigDecimal;

/**
 * Numbers for the {@code Numeric} operators: an optional sign, digits, an optional fraction and an optional
 * exponent ({@code 10}, {@code -2.5}, {@code 1e3}), compared exactly as decimals, so {@code 1.0} equals
 * {@code 1}. No spaces, no thousands separators, no hexadecimal, no {@code NaN} or infinities.
 */
final class NumericValues {

    /** Longer texts are refused before {@link BigDecimal} sees them. */
    static final int MAX_LENGTH = 100;

    private NumericValues() {
    }

    static BigDecimal parse(String text) throws ValueFormatException {
        if (text.length() > MAX_LENGTH || !wellFormed(text)) {
            throw new ValueFormatException("invalid number " + Quoting.quote(text));
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException exponentOutOfRange) {
            throw new ValueFormatException("invalid number " + Quoting.quote(text) + ": out of range");
        }
    }

    private static boolean wellFormed(String text) {
        int i = 0;
        if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            i++;
        }
        int digitsStart = i;
        i = skipDigits(text, i);
        if (i == digitsStart) {
            return false;
        }
        if (i < text.length() && text.charAt(i) == '.') {
            int fractionStart = ++i;
            i = skipDigits(text, i);
            if (i == fractionStart) {
                return false;
            }
        }
        if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
                i++;
            }
            int exponentStart = i;
            i = skipDigits(text, i);
            if (i == exponentStart) {
                return false;
            }
        }
        return i == text.length();
    }

    private static int skipDigits(String text, int i) {
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i;
    }
}
