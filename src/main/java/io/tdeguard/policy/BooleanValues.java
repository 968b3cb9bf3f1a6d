package io.tdeguard.policy;

/** Booleans for the {@code Bool} operator: {@code true} or {@code false}, in any case. */
final class BooleanValues {

    private BooleanValues() {
    }

    /** The boolean, or {@code null} if the text is neither {@code true} nor {@code false}. */
    static Boolean parseOrNull(String text) {
        if ("true".equalsIgnoreCase(text)) {
            return Boolean.TRUE;
        }
        if ("false".equalsIgnoreCase(text)) {
            return Boolean.FALSE;
        }
        return null;
    }

    static boolean parse(String text) throws ValueFormatException {
        Boolean value = parseOrNull(text);
        if (value == null) {
            throw new ValueFormatException("invalid boolean " + Quoting.quote(text) + ": expected true or false");
        }
        return value;
    }
}
