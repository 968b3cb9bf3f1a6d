package io.tdeguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class WildcardPatternTest {

    private static final long SEED = Long.getLong("policy.seed", new Random().nextLong());

    /** The obvious definition: {@code *} is {@code .*}, {@code ?} is one code point, the rest is literal. */
    private static boolean referenceMatches(String pattern, String text) {
        StringBuilder regex = new StringBuilder();
        pattern.codePoints().forEach(ch -> regex.append(ch == '*' ? ".*" : ch == '?' ? "." : Pattern.quote(Character.toString(ch))));
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(text).matches();
    }

    @Test
    void agreesWithARegularExpressionOnRandomPatternsAndTexts() {
        Random random = new Random(SEED);
        String[] patternAlphabet = {"a", "b", "*", "?", "\uD83D\uDD11"};
        String[] textAlphabet = {"a", "b", "\uD83D\uDD11"};
        for (int i = 0; i < 20_000; i++) {
            String pattern = randomText(random, patternAlphabet, 7);
            String text = randomText(random, textAlphabet, 9);
            assertEquals(referenceMatches(pattern, text), WildcardPattern.compile(pattern).matches(text),
                    "pattern \"" + pattern + "\" on \"" + text + "\" (seed " + SEED + ")");
        }
    }

    private static String randomText(Random random, String[] alphabet, int maxLength) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            text.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return text.toString();
    }

    @Test
    void matchesEdgeCases() {
        assertTrue(WildcardPattern.compile("*").matches(""));
        assertTrue(WildcardPattern.compile("**").matches("anything"));
        assertFalse(WildcardPattern.compile("?").matches(""));
        assertTrue(WildcardPattern.compile("?").matches("\uD83D\uDD11"), "? matches one code point, even outside the BMP");
        assertFalse(WildcardPattern.compile("??").matches("\uD83D\uDD11"));
        assertTrue(WildcardPattern.compile("").matches(""));
        assertFalse(WildcardPattern.compile("").matches("a"));
        assertTrue(WildcardPattern.compile("a*b*c").matches("aXbYbZc"));
        assertFalse(WildcardPattern.compile("a*b*c").matches("aXbYbZ"));
        assertTrue(WildcardPattern.compile("kvstore:Describe*").matches("kvstore:Describe"));
        assertFalse(WildcardPattern.compile("kvstore:Describe*").matches("kvstore:Describ"));
        assertTrue(WildcardPattern.compile("*TDE").matches("kvstore:ModifyInstanceTDE"));
    }

    @Test
    void namesTheLiteralPrefixOnlyWhenNoWildcardComesFirst() {
        assertEquals("kvstore", WildcardPattern.compile("kvstore:Modify*").literalPrefixBefore(':'));
        assertEquals("kvstore", WildcardPattern.compile("kvstore:*").literalPrefixBefore(':'));
        assertNull(WildcardPattern.compile("kv*:Modify*").literalPrefixBefore(':'));
        assertNull(WildcardPattern.compile("k?store:Modify").literalPrefixBefore(':'));
        assertNull(WildcardPattern.compile("*").literalPrefixBefore(':'));
        assertNull(WildcardPattern.compile("*:Describe*").literalPrefixBefore(':'));
    }
}
