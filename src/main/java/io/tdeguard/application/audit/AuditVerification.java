package io.tdeguard.application.audit;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tdeguard.api.ApiException;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.application.Invocations;
import io.tdeguard.audit.AuditKeys;
import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.audit.AuditRows;
import io.tdeguard.audit.LeafCheck;
import io.tdeguard.audit.LogSequencer;
import io.tdeguard.audit.LogStore;
import io.tdeguard.audit.chain.ChainHash;
import io.tdeguard.audit.chain.TrailVerification;
import io.tdeguard.audit.chain.TrailVerifier;
import io.tdeguard.audit.tlog.Checkpoint;
import io.tdeguard.audit.tlog.CompactRange;
import io.tdeguard.audit.tlog.InOrderBatches;
import io.tdeguard.audit.tlog.MerkleTree;
import io.tdeguard.audit.tlog.NoteException;
import io.tdeguard.audit.tlog.ProofException;
import io.tdeguard.audit.tlog.ProofVerifier;
import io.tdeguard.audit.tlog.SignedNote;
import io.tdeguard.audit.tlog.TileHashReader;
import io.tdeguard.config.TdeGuardConfig;

/**
 * VerifyAuditTrail: recomputes the Merkle log from the stored events, in Java from their exact stored bytes (never
 * through jsonb), and says where it first breaks. For every leaf in order: its event is there, its tag verifies under
 * a trusted tag key, its query columns (what LookupEvents filters on) agree with its leaf data; the root is
 * recomputed leaf by leaf ({@link CompactRange}) and compared with every stored checkpoint at its size, whose note
 * signature must verify under a trusted note key (current or retired) and whose origin must be the log's; each
 * checkpoint is proved consistent with the one before through the stored hash tiles (what proofs are served from).
 * A checkpoint beyond the stored leaves reveals a truncated log. The sealed v1 hash chain, if any, is verified first.
 *
 * <p>Reasons: {@code EventMissing}, {@code TagMismatch}, {@code ColumnMismatch}, {@code CheckpointMismatch},
 * {@code BadCheckpointSignature}, {@code TileMismatch}, {@code HeadBehindCheckpoint}, and the v1 chain's reasons.
 */
@ApplicationScoped
public class AuditVerification {

    /** Leaves checked as one task. */
    private static final int BATCH = 2000;
    /** Batches in work at once beyond the one being read: the threads of the common pool. */
    private static final int PARALLELISM = ForkJoinPool.getCommonPoolParallelism();

    private final Invocations invocations;
    private final AuditRows rows;
    private final LogStore store;
    private final AuditKeys keys;
    private final TdeGuardConfig config;
    private final ObjectMapper json;

    AuditVerification(Invocations invocations, AuditRows rows, LogStore store, AuditKeys keys, TdeGuardConfig config,
            ObjectMapper json) {
        this.invocations = invocations;
        this.rows = rows;
        this.store = store;
        this.keys = keys;
        this.config = config;
        this.json = json;
    }

    /** @param treeSize verify up to this checkpointed size; default every checkpoint */
    public record VerifyQuery(Long treeSize) {
    }

    public record Result(String requestId, boolean verified, long treeSize, String rootHash, long checkedEvents,
            long checkedCheckpoints, Long firstBrokenLeafIndex, Long firstBrokenSeq, String reason,
            String reasonDetail, long sealedV1Events) {
    }

    /** Where and why the log breaks. */
    record Broken(Long leafIndex, Long seq, String reason, String detail) {
    }

    public Result verify(RequestFacts request, Map<String, Object> members) {
        return invocations.run(request, AuditCheckpoints.SERVICE, EventRW.Read, members, VerifyQuery.class,
                (invocation, query) -> {
            String resource = AuditCheckpoints.trailArn(config);
            invocation.resource(resource);
            invocations.authorize(invocation, "tdeguard:VerifyAuditTrail", resource, Map.of());
            if (query.treeSize() != null && query.treeSize() < 0) {
                throw ApiException.invalidParameter("TreeSize", "must be 0 or more");
            }
            Result result = walk(invocation.requestId(), query.treeSize());
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("Verified", result.verified());
            response.put("TreeSize", result.treeSize());
            response.put("CheckedEvents", result.checkedEvents());
            response.put("CheckedCheckpoints", result.checkedCheckpoints());
            response.put("FirstBrokenLeafIndex", result.firstBrokenLeafIndex());
            response.put("Reason", result.reason());
            invocation.response(response);
            return result;
        });
    }

    private Result walk(String requestId, Long requestedSize) {
        Optional<Result> v1 = verifySealedChain(requestId);
        if (v1.isPresent()) {
            return v1.get();
        }
        long v1Events = rows.bounds().headSeq();
        long newest = store.latestHead().map(LogStore.TreeHead::treeSize).orElse(0L);
        long target = requestedSize == null ? newest : requestedSize;
        if (target > newest) {
            throw ApiException.invalidParameter("TreeSize", "must be within 0.." + newest + " (the newest checkpoint)");
        }
        long leafCount = store.leafCount();
        List<LogStore.TreeHead> heads = store.heads(1, target);
        Walk walk = new Walk(heads);
        for (LogStore.TreeHead head : heads) { // each signature first: a forged checkpoint is named as such
            Broken forged = checkSignature(head);
            if (forged != null) {
                return walk.result(requestId, v1Events, forged);
            }
        }
        long end = Math.min(leafCount, target);
        // the leaves are checked on other threads in batches while the next ones are read, and folded in leaf order
        InOrderBatches<LogStore.StoredLeaf, LeafCheck.Result> checks = new InOrderBatches<>(BATCH, PARALLELISM,
                ForkJoinPool.commonPool(), leaf -> LeafCheck.check(leaf, keys), walk::fold);
        store.forEachStoredLeaf(0, end, checks::add);
        checks.finish();
        return walk.result(requestId, v1Events, walk.end(end, leafCount));
    }

    /**
     * The recomputation so far: the compact range of the leaves that passed, in leaf order, and the checkpoints
     * still ahead; the first break ends it.
     */
    private final class Walk {
        private final CompactRange range = new CompactRange();
        private final Iterator<LogStore.TreeHead> pending;
        private LogStore.TreeHead next;
        private LogStore.TreeHead previous;
        private long checkedCheckpoints;
        private long expected;
        private Broken broken;

        Walk(List<LogStore.TreeHead> heads) {
            pending = heads.iterator();
            next = pending.hasNext() ? pending.next() : null;
        }

        /** Folds in the next checked leaf; false once the log is broken. */
        boolean fold(LeafCheck.Result leaf) {
            if (broken != null) {
                return false;
            }
            if (leaf.leafIndex() != expected) {
                broken = new Broken(expected, null, "EventMissing", "leaf " + expected + " is not stored");
            } else if (leaf.reason() != null) {
                broken = new Broken(leaf.leafIndex(), leaf.seq(), leaf.reason(), leaf.detail());
            } else {
                range.add(leaf.leafHash());
                expected++;
                while (broken == null && next != null && next.treeSize() == range.size()) {
                    broken = checkHead(next, previous, range.rootHash());
                    if (broken == null) {
                        checkedCheckpoints++;
                        previous = next;
                        next = pending.hasNext() ? pending.next() : null;
                    }
                }
            }
            return broken == null;
        }

        /** The break, if any, once every leaf below {@code end} was folded in. */
        Broken end(long end, long leafCount) {
            if (broken == null && expected < end) {
                broken = new Broken(expected, null, "EventMissing", "leaf " + expected + " is not stored");
            }
            if (broken == null && next != null) {
                broken = new Broken(range.size(), null, "HeadBehindCheckpoint", "the log holds " + leafCount
                        + " leaves, but a checkpoint signs tree size " + next.treeSize() + ": the log was truncated");
            }
            return broken;
        }

        Result result(String requestId, long v1Events, Broken broken) {
            if (broken == null) {
                return new Result(requestId, true, range.size(), base64(range.rootHash()), range.size(),
                        checkedCheckpoints, null, null, null, null, v1Events);
            }
            return new Result(requestId, false, range.size(), base64(range.rootHash()), range.size(),
                    checkedCheckpoints, broken.leafIndex(), broken.seq(), broken.reason(), broken.detail(), v1Events);
        }
    }

    /** The checkpoint signs this tree size and root by a trusted key, and extends the previous one by the tiles. */
    private Broken checkHead(LogStore.TreeHead head, LogStore.TreeHead previous, byte[] recomputedRoot) {
        if (!MessageDigest.isEqual(head.rootHash(), recomputedRoot)) {
            return new Broken(head.treeSize() - 1, null, "CheckpointMismatch", "the leaves up to tree size "
                    + head.treeSize() + " have root " + base64(recomputedRoot) + ", the signed checkpoint says "
                    + base64(head.rootHash()));
        }
        if (previous != null) {
            try {
                List<byte[]> proof = MerkleTree.consistencyProof(previous.treeSize(), head.treeSize(),
                        new TileHashReader(head.treeSize(), store.tiles()));
                ProofVerifier.verifyConsistency(previous.treeSize(), head.treeSize(), proof, previous.rootHash(),
                        head.rootHash());
            } catch (ProofException | RuntimeException e) {
                return new Broken(head.treeSize() - 1, null, "TileMismatch", "the hash tiles do not prove tree size "
                        + previous.treeSize() + " consistent with " + head.treeSize() + ": " + e.getMessage());
            }
        }
        return null;
    }

    /** The stored checkpoint is a note signed by a trusted key, of this log, of its stored size and root. */
    private Broken checkSignature(LogStore.TreeHead head) {
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(SignedNote.open(head.note(), keys.trustedNoteKeys()).text());
        } catch (NoteException e) {
            return new Broken(head.treeSize() - 1, null, "BadCheckpointSignature", "the checkpoint of tree size "
                    + head.treeSize() + " is refused: " + e.getMessage());
        }
        if (!checkpoint.origin().equals(keys.origin()) || checkpoint.treeSize() != head.treeSize()
                || !MessageDigest.isEqual(checkpoint.rootHash(), head.rootHash())) {
            return new Broken(head.treeSize() - 1, null, "BadCheckpointSignature", "the checkpoint stored for tree size "
                    + head.treeSize() + " signs another log, size or root (" + checkpoint.origin() + ", "
                    + checkpoint.treeSize() + ")");
        }
        return null;
    }

    /** The v1 hash chain sealed by the migration to the Merkle log: verified whole, or its break. */
    private Optional<Result> verifySealedChain(String requestId) {
        AuditRows.Bounds bounds = rows.bounds();
        if (bounds.headSeq() == 0) {
            return Optional.empty();
        }
        TrailVerification verification = TrailVerifier.verify(1, ChainHash.GENESIS, rows.events(1, bounds.headSeq()),
                rows.checkpoints(1, Long.MAX_VALUE, bounds.lastCheckpointId()),
                Map.of(keys.signingKey().keyId(), keys.signingKey().publicKey()));
        Optional<Long> rewritten = rows.firstColumnMismatch(1, bounds.headSeq());
        if (rewritten.isPresent() && (verification.verified() || rewritten.get() < verification.firstBrokenSeq())) {
            return Optional.of(new Result(requestId, false, 0, null, 0, 0, null, rewritten.get(),
                    TrailVerification.Reason.ColumnMismatch.name(), "the query columns of v1 seq " + rewritten.get()
                            + " differ from its chained body", bounds.headSeq()));
        }
        if (!verification.verified()) {
            return Optional.of(new Result(requestId, false, 0, null, 0, verification.checkedCheckpoints(), null,
                    verification.firstBrokenSeq(), verification.reason().name(), "v1 chain: " + verification.detail(),
                    bounds.headSeq()));
        }
        String sealProblem = sealProblem(bounds.headSeq(), verification.headHash());
        if (sealProblem != null) {
            return Optional.of(new Result(requestId, false, 0, null, 0, verification.checkedCheckpoints(), 0L, null,
                    "SealMismatch", sealProblem, bounds.headSeq()));
        }
        return Optional.empty();
    }

    /** Why leaf 0 does not seal the v1 chain of this head, or null (also while the log is still empty). */
    private String sealProblem(long v1Head, String v1HeadHash) {
        Optional<LogStore.Leaf> first = store.leaf(0);
        if (first.isEmpty() || first.get().data() == null) {
            return store.leafCount() == 0 ? null : "leaf 0, the seal of the v1 chain, is missing";
        }
        try {
            JsonNode seal = json.readTree(first.get().data());
            JsonNode response = seal.path("responseElements");
            if (!LogSequencer.SEALED.equals(seal.path("eventName").asText())
                    || response.path("V1HeadSeq").asLong(-1) != v1Head
                    || !v1HeadHash.equals(response.path("V1HeadHash").asText())) {
                return "leaf 0 does not seal the v1 chain at seq " + v1Head + " with hash " + v1HeadHash
                        + ": the chain changed after it was sealed";
            }
        } catch (IOException e) {
            return "leaf 0 is not JSON";
        }
        return null;
    }

    private static String base64(byte[] hash) {
        return hash == null ? null : Base64.getEncoder().encodeToString(hash);
    }
}
