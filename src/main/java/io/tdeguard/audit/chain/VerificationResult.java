package io.tdeguard.audit.chain;

import java.util.Objects;

/**
 * What {@link ChainVerifier#verify} found.
 *
 * @param verified       every entry of the range verified
 * @param checkedEvents  how many entries were fully verified, counted from the first of the range
 * @param firstBrokenSeq {@code null} when verified; else the seq at which the chain stopped verifying, which is
 *                       always {@code expectedFirstSeq + checkedEvents} (for a gap: the first missing seq)
 * @param breakReason    {@code null} when verified; else why the entry at {@code firstBrokenSeq} failed
 * @param headHash       the hash of the last verified entry, or the expected prev hash when none verified: the
 *                       prev hash the next entry must carry
 */
public record VerificationResult(boolean verified, long checkedEvents, Long firstBrokenSeq, ChainBreak breakReason,
        String headHash) {

    public VerificationResult {
        if (checkedEvents < 0) {
            throw new IllegalArgumentException("checkedEvents is negative: " + checkedEvents);
        }
        if (verified != (firstBrokenSeq == null) || verified != (breakReason == null)) {
            throw new IllegalArgumentException(
                    "a verified result has neither firstBrokenSeq nor breakReason, a broken one has both");
        }
        Objects.requireNonNull(headHash, "headHash");
    }

    static VerificationResult intact(long checkedEvents, String headHash) {
        return new VerificationResult(true, checkedEvents, null, null, headHash);
    }

    static VerificationResult broken(long checkedEvents, long firstBrokenSeq, ChainBreak reason, String headHash) {
        return new VerificationResult(false, checkedEvents, firstBrokenSeq, Objects.requireNonNull(reason, "reason"),
                headHash);
    }
}
