package io.tdeguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Random;

import org.junit.jupiter.api.Test;

class CaseFoldingTest {

    private static final long SEED = Long.getLong("policy.seed", new Random().nextLong());

    /** Letters that fold to ASCII from outside it, letters without a single-code-point case pair, surrogates. */
    private static final String ALPHABET = "aAzZ:*?-_\u017F\u212A\u0130\u0131\u00DF\u00E9\u00C9\u03A3\u03C3\u03C2\uD801\uDC00\uD801\uDC28";

    private static String foldByCodePoints(String text) {
        StringBuilder folded = new StringBuilder();
        text.codePoints().forEach(codePoint -> folded.appendCodePoint(CaseFolding.fold(codePoint)));
        return folded.toString();
    }

    @Test
    void foldingAndOrderAgreeWithTheDefinitionOnRandomText() {
        Random random = new Random(SEED);
        for (int i = 0; i < 20_000; i++) {
            String left = randomText(random);
            String right = random.nextInt(4) == 0 ? left.toUpperCase(java.util.Locale.ROOT) : randomText(random);
            String context = "\"" + left + "\" and \"" + right + "\" (seed " + SEED + ")";

            assertEquals(foldByCodePoints(left), CaseFolding.fold(left), context);
            assertEquals(CaseFolding.fold(left).equals(CaseFolding.fold(right)), CaseFolding.compare(left, right) == 0, context);
            assertEquals(Integer.signum(CaseFolding.compare(left, right)), -Integer.signum(CaseFolding.compare(right, left)), context);
        }
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(6);
        for (int i = 0; i < length; i++) {
            int index = random.nextInt(ALPHABET.length());
            if (Character.isHighSurrogate(ALPHABET.charAt(index))) {
                text.append(ALPHABET, index, index + 2);
            } else if (Character.isLowSurrogate(ALPHABET.charAt(index))) {
                text.append(ALPHABET, index - 1, index + 1);
            } else {
                text.append(ALPHABET.charAt(index));
            }
        }
        return text.toString();
    }

    @Test
    void keepsTheSameInstanceWhenNothingChanges() {
        String lower = "kvstore:modifyinstancetde";
        assertSame(lower, CaseFolding.fold(lower));
        assertEquals("kvstore:modifyinstancetde", CaseFolding.fold("KVStore:ModifyInstanceTDE"));
        assertEquals("kvstore", CaseFolding.fold("\u212Avstore"), "the Kelvin sign folds to k");
    }
}
