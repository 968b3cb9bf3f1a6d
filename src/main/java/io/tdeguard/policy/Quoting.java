package io.tdeguard.policy;

/** Quotes user input in messages so that its boundaries are visible and it cannot forge a message. */
final class Quoting {

    /** Longer input is cut, so that one bad value cannot flood a log line. */
    static final int MAX_QUOTED_CODE_POINTS = 100;

    private Quoting() {
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder(Math.min(text.length(), 2 * MAX_QUOTED_CODE_POINTS) + 2).append('"');
        int count = 0;
        for (int i = 0; i < text.length(); count++) {
            if (count == MAX_QUOTED_CODE_POINTS) {
                return quoted.append("\"...").toString();
            }
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            switch (codePoint) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (Character.isISOControl(codePoint)) {
                        quoted.append(String.format("\\u%04x", codePoint));
                    } else {
                        quoted.appendCodePoint(codePoint);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
