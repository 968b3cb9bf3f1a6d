package io.tdeguard.audit.chain;

/**
 * Why verification stopped: the first way the stored chain differs from the recomputed one.
 */
public sealed interface ChainBreak {

    /** A human-readable description: lowercase, no trailing period. */
    String message();

    /**
     * The stored hash is not the hash recomputed from the entry's JSON and the previous hash: the event's JSON or
     * its stored hash was changed (a flipped bit, an edited field, appended bytes).
     */
    record HashMismatch(long seq, String stored, String computed) implements ChainBreak {
        @Override
        public String message() {
            return "hash mismatch at seq " + seq + ": stored '" + stored + "', computed '" + computed + "'";
        }
    }

    /**
     * The entry's stored prev hash is not the hash of the entry before it (or, for the first entry of the range,
     * the prev hash the caller expects): the link is broken, because an entry was removed, reordered or
     * replaced, or the range does not start where the caller thinks.
     */
    record PrevHashMismatch(long seq, String expected, String stored) implements ChainBreak {
        @Override
        public String message() {
            return "prev hash mismatch at seq " + seq + ": expected '" + expected + "', stored '" + stored + "'";
        }
    }

    /** The entry's seq is higher than the next one expected: entries are missing (deleted) before it. */
    record SeqGap(long expectedSeq, long foundSeq) implements ChainBreak {
        @Override
        public String message() {
            return "seq gap: expected seq " + expectedSeq + ", found " + foundSeq;
        }
    }

    /** The entry's seq is not higher than its predecessor's: an entry duplicated or out of order. */
    record SeqNotIncreasing(long expectedSeq, long foundSeq) implements ChainBreak {
        @Override
        public String message() {
            return "seq not increasing: expected seq " + expectedSeq + ", found " + foundSeq;
        }
    }

    /**
     * The entry's JSON is not well-formed UTF-16 (a lone surrogate), so it has no UTF-8 bytes to hash. A
     * PostgreSQL text column cannot return such a string; an entry built in memory can.
     */
    record MalformedEventJson(long seq, int charIndex) implements ChainBreak {
        @Override
        public String message() {
            return "malformed event json at seq " + seq + ": lone surrogate at char index " + charIndex;
        }
    }
}
