package io.tdeguard.audit.chain;

import java.util.Objects;

/**
 * What {@link TrailVerifier#verify} found: the chain's links and the checkpoints of one range.
 *
 * @param verified           every event and every checkpoint of the range verified, and no checkpoint lies beyond
 *                           the last event
 * @param checkedEvents      how many events' links and hashes verified, counted from the first of the range
 * @param checkedCheckpoints how many checkpoints verified: signature good and hash equal to the event hash at its seq
 * @param firstBrokenSeq     null when verified; else the seq where the trail stopped verifying: the event whose
 *                           link failed, the first missing seq of a gap or of a truncated tail, or the seq of the
 *                           checkpoint that failed
 * @param reason             null when verified; else why
 * @param detail             null when verified; else a human-readable description, lowercase, no trailing period
 * @param headSeq            the seq of the last verified event ({@code firstSeq - 1} when none verified)
 * @param headHash           its hash (the expected prev hash when none verified)
 */
public record TrailVerification(boolean verified, long checkedEvents, long checkedCheckpoints, Long firstBrokenSeq,
        Reason reason, String detail, long headSeq, String headHash) {

    /** Why a trail did not verify; the names are the wire names of VerifyAuditTrail's {@code Reason}. */
    public enum Reason {
        /** An event's stored hash is not the hash of its JSON and its predecessor's hash: the event was edited. */
        HashMismatch,
        /** An event's prev hash is not its predecessor's hash: an event was removed, reordered or replaced. */
        PrevHashMismatch,
        /** A seq is missing: the event was deleted. */
        SeqGap,
        /** A seq repeats or goes back. */
        SeqNotIncreasing,
        /** An event's JSON has no UTF-8 form. */
        MalformedEventJson,
        /** A checkpoint is malformed, names an unknown key, or its signature does not verify: it was forged or altered. */
        BadCheckpointSignature,
        /** A validly signed checkpoint's hash differs from the chain's hash at its seq: history was rewritten. */
        CheckpointMismatch,
        /** Checkpoints were not given in increasing seq. */
        CheckpointOutOfOrder,
        /** A validly signed checkpoint covers a seq beyond the chain's last event: the tail was truncated. */
        HeadBehindCheckpoint,
        /**
         * A database's query columns of an event (what LookupEvents filters on) differ from its chained body: someone
         * rewrote them to hide the event from lookups. Only the online verification sees the columns.
         */
        ColumnMismatch
    }

    public TrailVerification {
        if (verified != (firstBrokenSeq == null) || verified != (reason == null) || verified != (detail == null)) {
            throw new IllegalArgumentException("a verified result has no break, a broken one has seq, reason and detail");
        }
        Objects.requireNonNull(headHash, "headHash");
    }
}
