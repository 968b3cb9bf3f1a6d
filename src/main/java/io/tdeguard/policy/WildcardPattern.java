package io.tdeguard.policy;

/**
 * A compiled pattern in which {@code *} matches any run of characters (including none) and {@code ?}
 * exactly one character (code point); every other character matches itself, case-sensitively. Callers fold
 * both sides with {@link CaseFolding} where matching is case-insensitive.
 *
 * <p>Patterns without wildcards, {@code *} alone and {@code prefix*} take a shortcut. Patterns with
 * {@code *} but no {@code ?} (most ARN patterns) are matched segment by segment: the text must start with
 * the part before the first {@code *}, end with the part after the last, and contain the parts between in
 * order; finding each at its first place is exact, and uses the JDK's fast {@code indexOf}. Patterns with
 * {@code ?} use a greedy scan that backtracks only to the last {@code *}, also exact. Nothing allocates.
 */
final class WildcardPattern {

    private static final int ANY_RUN = -1;
    private static final int ANY_ONE = -2;

    private enum Shape { EVERYTHING, EXACT, PREFIX, SEGMENTS, GENERAL }

    private final String text;
    private final Shape shape;
    /** The text without wildcards for {@code EXACT}, the part before the {@code *} for {@code PREFIX}. */
    private final String literal;
    /** For {@code SEGMENTS}: the literal parts around the stars, from before the first to after the last. */
    private final String[] segments;
    /** For {@code SEGMENTS}: the least length a matching text has, all segments put together. */
    private final int segmentsLength;
    /** Code points, with {@link #ANY_RUN} and {@link #ANY_ONE} for the wildcards; for {@code GENERAL}. */
    private final int[] tokens;

    private WildcardPattern(String text, Shape shape, String literal, String[] segments, int[] tokens) {
        this.text = text;
        this.shape = shape;
        this.literal = literal;
        this.segments = segments;
        this.segmentsLength = segments == null ? 0 : String.join("", segments).length();
        this.tokens = tokens;
    }

    static WildcardPattern compile(String text) {
        int[] tokens = text.codePoints().map(WildcardPattern::token).toArray();
        int stars = 0;
        int questionMarks = 0;
        for (int token : tokens) {
            if (token == ANY_RUN) {
                stars++;
            } else if (token == ANY_ONE) {
                questionMarks++;
            }
        }
        if (stars == 0 && questionMarks == 0) {
            return new WildcardPattern(text, Shape.EXACT, text, null, null);
        }
        if (questionMarks == 0 && stars == tokens.length) {
            return new WildcardPattern(text, Shape.EVERYTHING, null, null, null);
        }
        if (questionMarks == 0 && stars == 1 && text.endsWith("*")) {
            return new WildcardPattern(text, Shape.PREFIX, text.substring(0, text.length() - 1), null, null);
        }
        if (questionMarks == 0) {
            // "a*b**c" gives a, b, "", c: an empty middle segment is found anywhere and changes nothing
            return new WildcardPattern(text, Shape.SEGMENTS, null, text.split("\\*", -1), null);
        }
        return new WildcardPattern(text, Shape.GENERAL, null, null, withoutRepeatedStars(tokens));
    }

    private static int token(int codePoint) {
        return switch (codePoint) {
            case '*' -> ANY_RUN;
            case '?' -> ANY_ONE;
            default -> codePoint;
        };
    }

    /** {@code a**b} matches what {@code a*b} matches; one star keeps the backtracking simple. */
    private static int[] withoutRepeatedStars(int[] tokens) {
        int[] kept = new int[tokens.length];
        int count = 0;
        for (int token : tokens) {
            if (token != ANY_RUN || count == 0 || kept[count - 1] != ANY_RUN) {
                kept[count++] = token;
            }
        }
        return java.util.Arrays.copyOf(kept, count);
    }

    String text() {
        return text;
    }

    /** Whether the pattern has no wildcard, so that it matches its own text only. */
    boolean isLiteral() {
        return shape == Shape.EXACT;
    }

    /** Whether the pattern matches every text: it is {@code *} alone, or several. */
    boolean matchesEverything() {
        return shape == Shape.EVERYTHING;
    }

    /**
     * The literal text before the first {@code ch} when no wildcard comes before it, else {@code null}:
     * every text this pattern matches then starts with that literal followed by {@code ch}.
     */
    String literalPrefixBefore(char ch) {
        int end = text.indexOf(ch);
        if (end < 0) {
            return null;
        }
        String prefix = text.substring(0, end);
        return prefix.indexOf('*') < 0 && prefix.indexOf('?') < 0 ? prefix : null;
    }

    boolean matches(String input) {
        return switch (shape) {
            case EVERYTHING -> true;
            case EXACT -> literal.equals(input);
            case PREFIX -> input.startsWith(literal);
            case SEGMENTS -> matchesSegments(input);
            case GENERAL -> matchesGeneral(input);
        };
    }

    private boolean matchesSegments(String input) {
        String first = segments[0];
        String last = segments[segments.length - 1];
        // the length check keeps the first and last segments from overlapping
        if (input.length() < segmentsLength || !input.startsWith(first) || !input.endsWith(last)) {
            return false;
        }
        int position = first.length();
        int end = input.length() - last.length();
        for (int i = 1; i < segments.length - 1; i++) {
            int found = input.indexOf(segments[i], position);
            if (found < 0 || found + segments[i].length() > end) {
                return false;
            }
            position = found + segments[i].length();
        }
        return true;
    }

    private boolean matchesGeneral(String input) {
        int token = 0;
        int position = 0;
        int lastStarToken = -1;
        int lastStarPosition = 0;
        while (position < input.length()) {
            if (token < tokens.length && tokens[token] == ANY_RUN) {
                lastStarToken = token++;
                lastStarPosition = position;
                continue;
            }
            if (token < tokens.length) {
                int codePoint = input.codePointAt(position);
                if (tokens[token] == ANY_ONE || tokens[token] == codePoint) {
                    position += Character.charCount(codePoint);
                    token++;
                    continue;
                }
            }
            if (lastStarToken < 0) {
                return false;
            }
            // let the last star swallow one more code point and retry the rest of the pattern after it
            lastStarPosition += Character.charCount(input.codePointAt(lastStarPosition));
            position = lastStarPosition;
            token = lastStarToken + 1;
        }
        while (token < tokens.length && tokens[token] == ANY_RUN) {
            token++;
        }
        return token == tokens.length;
    }

    @Override
    public String toString() {
        return text;
    }
}
