package io.tdeguard.audit.chain;

import java.security.PublicKey;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

import io.tdeguard.audit.chain.TrailVerification.Reason;

/**
 * Verifies a range of the audit trail: the hash chain of its events ({@link ChainVerifier}, unchanged) and the
 * signed checkpoints that fall in the range. One streaming pass over each: memory does not grow with the range.
 *
 * <p>Checkpoints are checked as the walk passes their seq: the signature must verify under a trusted key and the
 * checkpoint's hash must equal the hash the chain verified at that seq. A checkpoint beyond the last event of an
 * intact range means the chain lost its tail ({@link Reason#HeadBehindCheckpoint}) — so the caller passes the
 * checkpoints beyond the stored head too when it verifies up to the head. Events are verified before the
 * checkpoints at their seq, so the first failure by seq is the one reported.
 */
public final class TrailVerifier {

    private TrailVerifier() {
    }

    /**
     * Verifies {@code entries} as the range starting at {@code firstSeq} against the checkpoints in it.
     *
     * @param firstSeq         the first seq of the range (1 for the whole trail)
     * @param expectedPrevHash {@link ChainHash#GENESIS} when {@code firstSeq} is 1, else a trusted hash of seq
     *                         {@code firstSeq - 1}
     * @param entries          the stored events as read in increasing seq
     * @param checkpoints      the stored checkpoints of the range in increasing seq (several per seq allowed);
     *                         those below {@code firstSeq} are skipped
     * @param trustedKeys      the public keys whose checkpoints count, by key id ({@link CheckpointKeys#keyId})
     */
    public static TrailVerification verify(long firstSeq, String expectedPrevHash, Iterable<ChainEntry> entries,
            Iterator<Checkpoint> checkpoints, Map<String, PublicKey> trustedKeys) {
        Objects.requireNonNull(entries, "entries");
        Objects.requireNonNull(checkpoints, "checkpoints");
        Objects.requireNonNull(trustedKeys, "trustedKeys");
        Walk walk = new Walk(entries.iterator(), checkpoints, trustedKeys, firstSeq);
        VerificationResult chain = ChainVerifier.verify(firstSeq, expectedPrevHash, () -> walk);
        long headSeq = firstSeq + chain.checkedEvents() - 1;
        if (walk.failure != null) {
            return broken(chain, walk, walk.failure, headSeq);
        }
        if (!chain.verified()) {
            ChainBreak reason = chain.breakReason();
            return broken(chain, walk, new Failure(chain.firstBrokenSeq(), reasonOf(reason), reason.message()), headSeq);
        }
        // The range is intact: any checkpoint left lies beyond its last event.
        Checkpoint beyond;
        while ((beyond = walk.nextCheckpoint()) != null) {
            if (beyond.seq() <= headSeq) {
                return broken(chain, walk, outOfOrder(beyond, headSeq), headSeq);
            }
            Failure bad = walk.signatureFailure(beyond);
            if (bad != null) {
                return broken(chain, walk, bad, headSeq);
            }
            return broken(chain, walk, new Failure(headSeq + 1, Reason.HeadBehindCheckpoint,
                    "the trail ends at seq " + headSeq + " but a checkpoint signed at " + beyond.time()
                            + " covers seq " + beyond.seq() + ": events " + (headSeq + 1) + " to " + beyond.seq()
                            + " were removed"), headSeq);
        }
        return new TrailVerification(true, chain.checkedEvents(), walk.checkedCheckpoints, null, null, null, headSeq,
                chain.headHash());
    }

    private static TrailVerification broken(VerificationResult chain, Walk walk, Failure failure, long headSeq) {
        return new TrailVerification(false, chain.checkedEvents(), walk.checkedCheckpoints, failure.seq,
                failure.reason, failure.detail, headSeq, chain.headHash());
    }

    private static Reason reasonOf(ChainBreak reason) {
        if (reason instanceof ChainBreak.HashMismatch) {
            return Reason.HashMismatch;
        } else if (reason instanceof ChainBreak.PrevHashMismatch) {
            return Reason.PrevHashMismatch;
        } else if (reason instanceof ChainBreak.SeqGap) {
            return Reason.SeqGap;
        } else if (reason instanceof ChainBreak.SeqNotIncreasing) {
            return Reason.SeqNotIncreasing;
        } else {
            return Reason.MalformedEventJson;
        }
    }

    private static Failure outOfOrder(Checkpoint checkpoint, long passedSeq) {
        return new Failure(checkpoint.seq(), Reason.CheckpointOutOfOrder, "a checkpoint of seq " + checkpoint.seq()
                + " came after the walk had passed seq " + passedSeq + ": checkpoints must be in increasing seq");
    }

    private record Failure(long seq, Reason reason, String detail) {
    }

    /**
     * The entries as ChainVerifier pulls them. When it asks for another entry, the one it took last has verified:
     * that is when the checkpoints at its seq are checked, and a failure ends the walk.
     */
    private static final class Walk implements Iterator<ChainEntry> {
        private final Iterator<ChainEntry> entries;
        private final Iterator<Checkpoint> checkpoints;
        private final Map<String, PublicKey> trustedKeys;
        private final long firstSeq;
        private Checkpoint pending;
        private ChainEntry taken;
        private boolean takenChecked = true;
        long checkedCheckpoints;
        Failure failure;

        Walk(Iterator<ChainEntry> entries, Iterator<Checkpoint> checkpoints, Map<String, PublicKey> trustedKeys,
                long firstSeq) {
            this.entries = entries;
            this.checkpoints = checkpoints;
            this.trustedKeys = trustedKeys;
            this.firstSeq = firstSeq;
        }

        @Override
        public boolean hasNext() {
            if (!takenChecked) {
                takenChecked = true;
                failure = checkpointsAt(taken);
            }
            return failure == null && entries.hasNext();
        }

        @Override
        public ChainEntry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            taken = entries.next();
            takenChecked = false;
            return taken;
        }

        /** Checks every checkpoint up to the verified entry's seq. */
        private Failure checkpointsAt(ChainEntry verified) {
            while (peekCheckpoint() != null && pending.seq() <= verified.seq()) {
                Checkpoint checkpoint = nextCheckpoint();
                if (checkpoint.seq() < verified.seq()) {
                    return outOfOrder(checkpoint, verified.seq());
                }
                Failure bad = signatureFailure(checkpoint);
                if (bad != null) {
                    return bad;
                }
                // both hashes are public values: no constant-time comparison needed
                if (!checkpoint.hash().equals(verified.hash())) {
                    return new Failure(checkpoint.seq(), Reason.CheckpointMismatch, "the checkpoint signed at "
                            + checkpoint.time() + " says seq " + checkpoint.seq() + " had hash '" + checkpoint.hash()
                            + "', the chain has '" + verified.hash() + "': history up to seq " + checkpoint.seq()
                            + " was rewritten");
                }
                checkedCheckpoints++;
            }
            return null;
        }

        Failure signatureFailure(Checkpoint checkpoint) {
            String malformed = checkpoint.malformation();
            if (malformed != null) {
                return new Failure(checkpoint.seq(), Reason.BadCheckpointSignature,
                        "the checkpoint of seq " + checkpoint.seq() + " is malformed: " + malformed);
            }
            PublicKey key = trustedKeys.get(checkpoint.keyId());
            if (key == null) {
                return new Failure(checkpoint.seq(), Reason.BadCheckpointSignature, "the checkpoint of seq "
                        + checkpoint.seq() + " names key '" + checkpoint.keyId() + "', which is not a trusted key");
            }
            if (!CheckpointKeys.verify(checkpoint, key)) {
                return new Failure(checkpoint.seq(), Reason.BadCheckpointSignature, "the signature of the checkpoint of seq "
                        + checkpoint.seq() + " (signed at " + checkpoint.time() + ") does not verify under key '"
                        + checkpoint.keyId() + "'");
            }
            return null;
        }

        /** The next checkpoint at or above the range's first seq, without taking it. */
        private Checkpoint peekCheckpoint() {
            while (pending == null && checkpoints.hasNext()) {
                Checkpoint next = Objects.requireNonNull(checkpoints.next(), "checkpoint");
                if (next.seq() >= firstSeq) {
                    pending = next;
                }
            }
            return pending;
        }

        Checkpoint nextCheckpoint() {
            Checkpoint next = peekCheckpoint();
            pending = null;
            return next;
        }
    }
}
