package io.tdeguard.policy;

import java.util.Comparator;
import java.util.Locale;

/**
 * The one definition of "case-insensitive" in this package, used for action names, condition keys and the
 * {@code IgnoreCase} operators alike: two texts are equal when their code points are equal after
 * {@link #fold(int)}. Folding maps one code point to one code point, so {@code ?} still matches exactly one.
 */
final class CaseFolding {

    /** Orders texts by their folded code points: keys that differ only in case are the same key. */
    static final Comparator<String> ORDER = CaseFolding::compare;

    private static final char ASCII_END = 0x80;

    private CaseFolding() {
    }

    static int fold(int codePoint) {
        return Character.toLowerCase(Character.toUpperCase(codePoint));
    }

    /**
     * The folded text; the same instance when folding changes nothing. Text that is all ASCII (actions and
     * keys nearly always are) takes a fast path: for ASCII, folding is exactly lowercasing A to Z.
     */
    static String fold(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= ASCII_END) {
                return foldCodePoints(text);
            }
        }
        return text.toLowerCase(Locale.ROOT);
    }

    private static String foldCodePoints(String text) {
        StringBuilder folded = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            folded.appendCodePoint(fold(codePoint));
            i += Character.charCount(codePoint);
        }
        return folded.toString().equals(text) ? text : folded.toString();
    }

    private static int foldAscii(char ch) {
        return ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch;
    }

    static int compare(String left, String right) {
        int i = 0;
        int j = 0;
        while (i < left.length() && j < right.length()) {
            char leftChar = left.charAt(i);
            char rightChar = right.charAt(j);
            if (leftChar == rightChar && !Character.isSurrogate(leftChar)) {
                // keys are mostly looked up in the case they were given in
                i++;
                j++;
                continue;
            }
            if (leftChar < ASCII_END && rightChar < ASCII_END) {
                int difference = Integer.compare(foldAscii(leftChar), foldAscii(rightChar));
                if (difference != 0) {
                    return difference;
                }
                i++;
                j++;
                continue;
            }
            int leftCodePoint = left.codePointAt(i);
            int rightCodePoint = right.codePointAt(j);
            int difference = Integer.compare(fold(leftCodePoint), fold(rightCodePoint));
            if (difference != 0) {
                return difference;
            }
            i += Character.charCount(leftCodePoint);
            j += Character.charCount(rightCodePoint);
        }
        return Boolean.compare(i < left.length(), j < right.length());
    }
}
