package io.tdeguard.policy;

import java.util.Comparator;

/**
 * The one definition of "case-insensitive" in this package, used for action names, condition keys and the
 * {@code IgnoreCase} operators alike: two texts are equal when their code points are equal after
 * {@link #fold(int)}. Folding maps one code point to one code point, so {@code ?} still matches exactly one.
 */
final class CaseFolding {

    /** Orders texts by their folded code points: keys that differ only in case are the same key. */
    static final Comparator<String> ORDER = CaseFolding::compare;

    private CaseFolding() {
    }

    static int fold(int codePoint) {
        return Character.toLowerCase(Character.toUpperCase(codePoint));
    }

    /** The folded text; the same instance when folding changes nothing (the common, lowercase case). */
    static String fold(String text) {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (fold(codePoint) != codePoint) {
                return foldFrom(text, i);
            }
            i += Character.charCount(codePoint);
        }
        return text;
    }

    private static String foldFrom(String text, int start) {
        StringBuilder folded = new StringBuilder(text.length()).append(text, 0, start);
        for (int i = start; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            folded.appendCodePoint(fold(codePoint));
            i += Character.charCount(codePoint);
        }
        return folded.toString();
    }

    static int compare(String left, String right) {
        int i = 0;
        int j = 0;
        while (i < left.length() && j < right.length()) {
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
