package io.tdeguard.policy;

import java.math.BigDecimal;
import java.time.Instant;

import io.tdeguard.policy.ConditionOperator.Comparison;

/**
 * The policy values of one condition key, compiled for their operator's family. Answers whether one request
 * value matches any of them: {@link Truth#UNKNOWN} when the request value cannot be interpreted for the
 * family (never for the string families: every text is a valid string).
 */
sealed interface ConditionValues {

    Truth matchesAny(RequestValues request, int index);

    /** {@code StringEquals}, {@code StringNotEquals}: exact, case-sensitive. */
    final class ExactTexts implements ConditionValues {
        private final String[] texts;

        ExactTexts(String[] texts) {
            this.texts = texts.clone();
        }

        @Override
        public Truth matchesAny(RequestValues request, int index) {
            String value = request.text(index);
            for (String text : texts) {
                if (text.equals(value)) {
                    return Truth.TRUE;
                }
            }
            return Truth.FALSE;
        }
    }

    /** {@code StringEqualsIgnoreCase}, {@code StringNotEqualsIgnoreCase}: equal after {@link CaseFolding}. */
    final class FoldedTexts implements ConditionValues {
        private final String[] foldedTexts;

        FoldedTexts(String[] texts) {
            this.foldedTexts = new String[texts.length];
            for (int i = 0; i < texts.length; i++) {
                foldedTexts[i] = CaseFolding.fold(texts[i]);
            }
        }

        @Override
        public Truth matchesAny(RequestValues request, int index) {
            String value = request.folded(index);
            for (String text : foldedTexts) {
                if (text.equals(value)) {
                    return Truth.TRUE;
                }
            }
            return Truth.FALSE;
        }
    }

    /** {@code StringLike}, {@code StringNotLike}: wildcard patterns, case-sensitive. */
    final class TextPatterns implements ConditionValues {
        private final WildcardPattern[] patterns;

        TextPatterns(String[] texts) {
            this.patterns = new WildcardPattern[texts.length];
            for (int i = 0; i < texts.length; i++) {
                patterns[i] = WildcardPattern.compile(texts[i]);
            }
        }

        @Override
        public Truth matchesAny(RequestValues request, int index) {
            String value = request.text(index);
            for (WildcardPattern pattern : patterns) {
                if (pattern.matches(value)) {
                    return Truth.TRUE;
                }
            }
            return Truth.FALSE;
        }
    }

    /** The {@code Numeric} operators: decimals compared exactly. */
    final class Numbers implements ConditionValues {
        private final BigDecimal[] numbers;
        private final Comparison comparison;

        Numbers(BigDecimal[] numbers, Comparison comparison) {
            this.numbers = numbers.clone();
            this.comparison = comparison;
        }

        @Override
        public Truth matchesAny(RequestValues request, int index) {
            BigDecimal value = request.number(index);
            if (value == null) {
                return Truth.UNKNOWN;
            }
            for (BigDecimal number : numbers) {
                if (comparison.holds(value.compareTo(number))) {
                    return Truth.TRUE;
                }
            }
            return Truth.FALSE;
        }
    }

    /** The {@code Date} operators: instants compared. */
    final class Dates implements ConditionValues {
        private final Instant[] dates;
        private final Comparison comparison;

        Dates(Instant[] dates, Comparison comparison) {
            this.dates = dates.clone();
            this.comparison = comparison;
        }

        @Override
        public Truth matchesAny(RequestValues request, int index) {
            Instant value = request.date(index);
            if (value == null) {
                return Truth.UNKNOWN;
            }
            for (Instant date : dates) {
                if (comparison.holds(value.compareTo(date))) {
                    return Truth.TRUE;
                }
            }
            return Truth.FALSE;
        }
    }

    /** {@code Bool}. */
    final class Booleans implements ConditionValues {
        private final boolean matchesTrue;
        private final boolean matchesFalse;

        Booleans(boolean[] values) {
            boolean anyTrue = false;
            boolean anyFalse = false;
            for (boolean value : values) {
                anyTrue |= value;
                anyFalse |= !value;
            }
            this.matchesTrue = anyTrue;
            this.matchesFalse = anyFalse;
        }

        @Override
        public Truth matchesAny(RequestValues request, int index) {
            Boolean value = request.bool(index);
            if (value == null) {
                return Truth.UNKNOWN;
            }
            return (value ? matchesTrue : matchesFalse) ? Truth.TRUE : Truth.FALSE;
        }
    }

    /** {@code IpAddress}, {@code NotIpAddress}: the request address lies in a block. */
    final class IpBlocks implements ConditionValues {
        private final IpBlock[] blocks;

        IpBlocks(IpBlock[] blocks) {
            this.blocks = blocks.clone();
        }

        @Override
        public Truth matchesAny(RequestValues request, int index) {
            IpAddress value = request.address(index);
            if (value == null) {
                return Truth.UNKNOWN;
            }
            for (IpBlock block : blocks) {
                if (block.contains(value)) {
                    return Truth.TRUE;
                }
            }
            return Truth.FALSE;
        }
    }
}
