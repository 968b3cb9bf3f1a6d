package io.tdeguard.application.audit;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.tdeguard.api.ApiException;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.application.Invocations;
import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.audit.LogStore;
import io.tdeguard.audit.tlog.MerkleTree;
import io.tdeguard.audit.tlog.TileHashReader;
import io.tdeguard.config.TdeGuardConfig;

/**
 * GetAuditCheckpoint, GetAuditInclusionProof and GetAuditConsistencyProof: what an auditor checks the log with,
 * using any RFC 6962 / C2SP implementation. Every proof is for a tree size that has a stored signed checkpoint,
 * which is returned with it; a proof costs one read of O(log n) hash tiles.
 */
@ApplicationScoped
public class AuditProofs {

    private final Invocations invocations;
    private final LogStore store;
    private final TdeGuardConfig config;

    AuditProofs(Invocations invocations, LogStore store, TdeGuardConfig config) {
        this.invocations = invocations;
        this.store = store;
        this.config = config;
    }

    /** @param treeSize a checkpointed tree size; default the newest */
    public record CheckpointQuery(Long treeSize) {
    }

    public record CheckpointView(String requestId, String checkpoint, long treeSize) {
    }

    /** Exactly one of {@code leafIndex} and {@code eventId}; {@code treeSize} a checkpointed size, default the newest. */
    public record InclusionQuery(Long leafIndex, String eventId, Long treeSize) {
    }

    public record InclusionProof(String requestId, long leafIndex, long treeSize, String leafData, List<String> hashes,
            String checkpoint) {
    }

    /** {@code secondTreeSize} a checkpointed size, default the newest; 0 ≤ first ≤ second. */
    public record ConsistencyQuery(Long firstTreeSize, Long secondTreeSize) {
    }

    public record ConsistencyProof(String requestId, long firstTreeSize, long secondTreeSize, List<String> hashes,
            String checkpoint) {
    }

    public CheckpointView checkpoint(RequestFacts request, Map<String, Object> members) {
        return invocations.run(request, AuditCheckpoints.SERVICE, EventRW.Read, members, CheckpointQuery.class,
                (invocation, query) -> {
            authorize(invocation, "tdeguard:GetAuditCheckpoint");
            LogStore.TreeHead head = head("TreeSize", query.treeSize());
            invocation.response(Map.of("TreeSize", head.treeSize()));
            return new CheckpointView(invocation.requestId(), head.note(), head.treeSize());
        });
    }

    public InclusionProof inclusion(RequestFacts request, Map<String, Object> members) {
        return invocations.run(request, AuditCheckpoints.SERVICE, EventRW.Read, members, InclusionQuery.class,
                (invocation, query) -> {
            authorize(invocation, "tdeguard:GetAuditProof");
            if ((query.leafIndex() == null) == (query.eventId() == null || query.eventId().isEmpty())) {
                throw new ApiException("MissingParameter", 400, "give exactly one of LeafIndex and EventId");
            }
            LogStore.TreeHead head = head("TreeSize", query.treeSize());
            long index;
            if (query.leafIndex() != null) {
                index = query.leafIndex();
                if (index < 0 || index >= head.treeSize()) {
                    throw ApiException.invalidParameter("LeafIndex", "must be within 0.." + (head.treeSize() - 1)
                            + " for tree size " + head.treeSize());
                }
            } else {
                if (!query.eventId().matches("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")) {
                    throw ApiException.invalidParameter("EventId", "\"" + query.eventId() + "\" is not an event id");
                }
                index = store.leafIndexOf(query.eventId()).orElseThrow(() -> new ApiException(
                        "InvalidEventId.NotFound", 404, "event \"" + query.eventId()
                                + "\" is not in the log (unknown, or not yet sequenced: retry shortly)"));
                if (index >= head.treeSize()) {
                    throw ApiException.invalidParameter("TreeSize", "event \"" + query.eventId()
                            + "\" is leaf " + index + ", beyond tree size " + head.treeSize());
                }
            }
            LogStore.Leaf leaf = store.leaf(index).filter(stored -> stored.data() != null).orElseThrow(() -> new IllegalStateException(
                    "leaf " + index + " of the audit log has no stored event"));
            List<byte[]> proof = MerkleTree.inclusionProof(index, head.treeSize(),
                    new TileHashReader(head.treeSize(), store.tiles()));
            invocation.response(Map.of("LeafIndex", index, "TreeSize", head.treeSize()));
            return new InclusionProof(invocation.requestId(), index, head.treeSize(),
                    Base64.getEncoder().encodeToString(leaf.data()), base64(proof), head.note());
        });
    }

    public ConsistencyProof consistency(RequestFacts request, Map<String, Object> members) {
        return invocations.run(request, AuditCheckpoints.SERVICE, EventRW.Read, members, ConsistencyQuery.class,
                (invocation, query) -> {
            authorize(invocation, "tdeguard:GetAuditProof");
            if (query.firstTreeSize() == null) {
                throw ApiException.missingParameter("FirstTreeSize");
            }
            LogStore.TreeHead head = head("SecondTreeSize", query.secondTreeSize());
            long first = query.firstTreeSize();
            if (first < 0 || first > head.treeSize()) {
                throw ApiException.invalidParameter("FirstTreeSize", "must be within 0.." + head.treeSize()
                        + " (SecondTreeSize)");
            }
            List<byte[]> proof = MerkleTree.consistencyProof(first, head.treeSize(),
                    new TileHashReader(head.treeSize(), store.tiles()));
            invocation.response(Map.of("FirstTreeSize", first, "SecondTreeSize", head.treeSize()));
            return new ConsistencyProof(invocation.requestId(), first, head.treeSize(), base64(proof), head.note());
        });
    }

    private void authorize(io.tdeguard.application.Invocation invocation, String action) {
        String resource = AuditCheckpoints.trailArn(config);
        invocation.resource(resource);
        invocations.authorize(invocation, action, resource, Map.of());
    }

    /** The checkpoint of {@code treeSize} (the newest when null); a size without one is the caller's error. */
    private LogStore.TreeHead head(String parameter, Long treeSize) {
        LogStore.TreeHead newest = store.latestHead().orElseThrow(() -> new ApiException(
                "IncorrectAuditTrailStatus", 400, "the audit log has no checkpoint yet: nothing has been sequenced"));
        if (treeSize == null) {
            return newest;
        }
        if (treeSize < 1 || treeSize > newest.treeSize()) {
            throw ApiException.invalidParameter(parameter, "must be a checkpointed tree size within 1.."
                    + newest.treeSize());
        }
        return store.head(treeSize).orElseThrow(() -> ApiException.invalidParameter(parameter,
                "tree size " + treeSize + " has no checkpoint: give the size of a checkpoint you hold"));
    }

    private static List<String> base64(List<byte[]> hashes) {
        return hashes.stream().map(hash -> Base64.getEncoder().encodeToString(hash)).toList();
    }
}
