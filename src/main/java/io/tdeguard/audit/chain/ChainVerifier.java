package io.tdeguard.audit.chain;

import java.security.MessageDigest;
import java.util.Objects;

/**
 * Verifies a contiguous range of the audit chain in one streaming pass.
 */
public final class ChainVerifier {

    private ChainVerifier() {
    }

    /**
     * Verifies {@code entries} as the range of the chain that starts at {@code expectedFirstSeq}.
     *
     * <p>Preconditions (violations throw, they are the caller's mistakes): {@code expectedFirstSeq >= 1};
     * {@code expectedPrevHash} is 64 lowercase hex digits — {@link ChainHash#GENESIS} when the range starts at
     * seq 1, else the hash of seq {@code expectedFirstSeq - 1} taken from a trusted source (a checkpoint, an
     * earlier verification); {@code entries} are the stored rows as read ordered by seq, and none is {@code null}.
     * The entries' content is data under test: whatever it holds (wrong seqs and order included), it is reported as a
     * {@link ChainBreak}, never thrown.
     *
     * <p>For each entry in turn, the verifier compares its seq and stored prev hash with what the entries before
     * it determine, recomputes its hash from its JSON and the previous <em>computed</em> hash, and compares that
     * with the stored hash. It stops at the first difference. Only the previous hash is held between entries,
     * so memory does not grow with the range.
     *
     * <p>A range that is intact but shorter than the chain (a truncated tail), or whose tail was rewritten with
     * recomputed hashes, verifies: only a trusted record of a later hash (a checkpoint) can reveal that.
     */
    public static VerificationResult verify(long expectedFirstSeq, String expectedPrevHash,
            Iterable<ChainEntry> entries) {
        if (expectedFirstSeq < 1) {
            throw new IllegalArgumentException("expected first seq is not positive: " + expectedFirstSeq);
        }
        ChainHash.requireHash(expectedPrevHash, "expected prev hash");
        Objects.requireNonNull(entries, "entries");

        MessageDigest sha256 = ChainHash.newSha256();
        long expectedSeq = expectedFirstSeq;
        String headHash = expectedPrevHash;
        for (ChainEntry entry : entries) {
            Objects.requireNonNull(entry, "entry expected at seq " + expectedSeq);
            ChainBreak broken = check(entry, expectedSeq, headHash, sha256);
            if (broken != null) {
                return VerificationResult.broken(expectedSeq - expectedFirstSeq, expectedSeq, broken, headHash);
            }
            headHash = entry.hash(); // equal to the hash just computed
            expectedSeq++;
        }
        return VerificationResult.intact(expectedSeq - expectedFirstSeq, headHash);
    }

    /** The first way {@code entry} fails to continue a chain whose last verified hash is {@code headHash}, or null. */
    private static ChainBreak check(ChainEntry entry, long expectedSeq, String headHash, MessageDigest sha256) {
        if (entry.seq() > expectedSeq) {
            return new ChainBreak.SeqGap(expectedSeq, entry.seq());
        }
        if (entry.seq() < expectedSeq) {
            return new ChainBreak.SeqNotIncreasing(expectedSeq, entry.seq());
        }
        if (!entry.prevHash().equals(headHash)) {
            return new ChainBreak.PrevHashMismatch(expectedSeq, headHash, entry.prevHash());
        }

        int loneSurrogate = ChainHash.loneSurrogateIndex(entry.canonicalEventJson());
        if (loneSurrogate >= 0) {
            return new ChainBreak.MalformedEventJson(expectedSeq, loneSurrogate);
        }
        // headHash is well-formed: the expected prev hash was checked, and every later one was computed
        String computed = ChainHash.link(sha256, headHash, entry.canonicalEventJson());

        // hashes are public values, so an ordinary (not constant-time) comparison is fine
        if (!computed.equals(entry.hash())) {
            return new ChainBreak.HashMismatch(expectedSeq, entry.hash(), computed);
        }
        return null;
    }
}
