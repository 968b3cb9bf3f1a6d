package io.tdeguard.audit.tlog;

import java.util.Base64;

/** The lexical rules shared by signed notes, checkpoints and key strings (C2SP signed-note §Format). */
final class NoteText {

    private NoteText() {
    }

    /**
     * Why {@code text} cannot be (part of) a note, or null if it can: a note is valid UTF-8 (here: no lone
     * surrogate) without ASCII control characters other than newline.
     */
    static String invalidCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n') {
                return String.format("control character U+%04X at char index %d", (int) c, i);
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return "lone surrogate at char index " + i + " (not encodable as UTF-8)";
                }
            }
        }
        return null;
    }

    /**
     * Whether {@code name} is a valid key name: non-empty, well-formed, without Unicode spaces or '+' (signed-note
     * §Format). Spaces are what Go's unicode.IsSpace counts: the White_Space characters, tab to carriage return,
     * U+0085 and the Unicode space separators, no-break spaces included.
     */
    static boolean isValidKeyName(String name) {
        if (name == null || name.isEmpty() || invalidCharacters(name) != null) {
            return false;
        }
        return name.codePoints().noneMatch(cp -> cp == '+' || cp == '\n' || cp == 0x0B || cp == 0x85
                || Character.isSpaceChar(cp) || Character.isWhitespace(cp));
    }

    /**
     * Decodes RFC 4648 §4 base64, accepting only the canonical spelling (padded, no line breaks, zero trailing
     * bits), so each byte string has one encoding.
     *
     * @return the bytes, or null if {@code text} is not canonical base64
     */
    static byte[] decodeBase64(String text) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return Base64.getEncoder().encodeToString(bytes).equals(text) ? bytes : null;
    }

    static String encodeBase64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
