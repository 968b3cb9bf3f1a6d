package io.tdeguard.audit.tlog;

import java.util.HexFormat;

/**
 * A proof that does not prove what it was checked against, and why: {@link #kind()} says which check failed, and
 * for a mismatch {@link #expected()} holds what the caller supplied and {@link #computed()} what the proof yields.
 */
public final class ProofException extends Exception {

    /** The check that failed. */
    public enum Kind {
        /** The sizes or indexes cannot describe a proof (a leaf index not below the tree size, first &gt; second, a
         *  negative number), or a given hash is not 32 bytes. Nothing was computed. */
        BAD_INPUT,
        /** The proof has another number of hashes than the sizes imply; {@link #expectedCount()} and
         *  {@link #actualCount()} say how many. */
        WRONG_PROOF_LENGTH,
        /** The proof yields another root for the (second) tree than the one given. */
        ROOT_MISMATCH,
        /** A consistency proof yields another root for the first tree than the one given. */
        FIRST_ROOT_MISMATCH
    }

    private static final long serialVersionUID = 1L;
    private static final HexFormat HEX = HexFormat.of();

    private final Kind kind;
    private final byte[] expected;
    private final byte[] computed;
    private final int expectedCount;
    private final int actualCount;

    private ProofException(Kind kind, String message, byte[] expected, byte[] computed, int expectedCount,
                           int actualCount) {
        super(message);
        this.kind = kind;
        this.expected = expected;
        this.computed = computed;
        this.expectedCount = expectedCount;
        this.actualCount = actualCount;
    }

    static ProofException badInput(String message) {
        return new ProofException(Kind.BAD_INPUT, message, null, null, -1, -1);
    }

    static ProofException wrongLength(int expectedCount, int actualCount) {
        return new ProofException(Kind.WRONG_PROOF_LENGTH, "proof has " + actualCount + " hashes, expected "
                + expectedCount, null, null, expectedCount, actualCount);
    }

    static ProofException mismatch(Kind kind, byte[] expected, byte[] computed) {
        String what = kind == Kind.FIRST_ROOT_MISMATCH ? "first tree root" : "root";
        return new ProofException(kind, what + " mismatch: expected " + HEX.formatHex(expected) + ", computed "
                + HEX.formatHex(computed), expected.clone(), computed.clone(), -1, -1);
    }

    public Kind kind() {
        return kind;
    }

    /** The root the caller supplied (32 bytes, a copy), for the two mismatch kinds; null otherwise. */
    public byte[] expected() {
        return expected == null ? null : expected.clone();
    }

    /** The root the proof yields (32 bytes, a copy), for the two mismatch kinds; null otherwise. */
    public byte[] computed() {
        return computed == null ? null : computed.clone();
    }

    /** For {@link Kind#WRONG_PROOF_LENGTH}: the number of hashes the sizes imply; −1 otherwise. */
    public int expectedCount() {
        return expectedCount;
    }

    /** For {@link Kind#WRONG_PROOF_LENGTH}: the number of hashes the proof has; −1 otherwise. */
    public int actualCount() {
        return actualCount;
    }
}
