package io.tdeguard.application.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.tdeguard.api.RequestFacts;
import io.tdeguard.application.Invocations;
import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.audit.AuditRows;
import io.tdeguard.audit.SeqRange;
import io.tdeguard.audit.chain.ChainHash;
import io.tdeguard.audit.chain.TrailVerification;
import io.tdeguard.audit.chain.TrailVerifier;
import io.tdeguard.config.TdeGuardConfig;

/**
 * VerifyAuditTrail: walks a range of the stored trail in batches by seq, recomputes every hash, checks seq
 * continuity and every checkpoint in the range ({@link TrailVerifier}), and says where the trail first breaks.
 *
 * <p>The range is {@code StartSeq} (default 1) to {@code EndSeq} (default: the head when the call starts, and
 * then every checkpoint beyond it too, so that a truncated tail shows). A range starting after seq 1 is anchored
 * on the stored hash of its predecessor: it proves the range consistent with that hash, and checkpoints in it
 * prove it against the signing key; only a range from seq 1 (or a checkpoint) proves everything.
 */
@ApplicationScoped
public class AuditVerification {

    private final Invocations invocations;
    private final AuditRows rows;
    private final AuditCheckpoints checkpoints;
    private final TdeGuardConfig config;

    AuditVerification(Invocations invocations, AuditRows rows,
            AuditCheckpoints checkpoints, TdeGuardConfig config) {
        this.invocations = invocations;
        this.rows = rows;
        this.checkpoints = checkpoints;
        this.config = config;
    }

    public record Result(String requestId, boolean verified, long startSeq, long endSeq, long checkedEvents,
            long checkedCheckpoints, Long firstBrokenSeq, String reason, String reasonDetail, long headSeq,
            String headHash) {
    }

    public Result verify(RequestFacts request, SeqRange range) {
        return invocations.run(request, AuditCheckpoints.SERVICE, EventRW.Read, invocation -> {
            invocation.parameters(range.asParameters());
            String resource = AuditCheckpoints.trailArn(config);
            invocation.resource(resource);
            invocations.authorize(invocation, "tdeguard:VerifyAuditTrail", resource, Map.of());
            long start = range.validatedStart();
            Result result = walk(invocation.requestId(), start, range.endSeq());
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("Verified", result.verified());
            response.put("EndSeq", result.endSeq());
            response.put("CheckedEvents", result.checkedEvents());
            response.put("CheckedCheckpoints", result.checkedCheckpoints());
            response.put("FirstBrokenSeq", result.firstBrokenSeq());
            response.put("Reason", result.reason());
            response.put("HeadHash", result.headHash());
            invocation.response(response);
            return result;
        });
    }

    private Result walk(String requestId, long start, Long requestedEnd) {
        AuditRows.Bounds bounds = rows.bounds();
        long eventsEnd = requestedEnd == null ? bounds.headSeq() : Math.min(requestedEnd, bounds.headSeq());
        long checkpointsEnd = requestedEnd == null ? Long.MAX_VALUE : requestedEnd;
        long reportedEnd = requestedEnd == null ? bounds.headSeq() : requestedEnd;
        String prevHash = ChainHash.GENESIS;
        if (start > 1) {
            Optional<String> predecessor = rows.hashAt(start - 1);
            if (predecessor.isEmpty()) {
                return new Result(requestId, false, start, reportedEnd, 0, 0, start - 1,
                        TrailVerification.Reason.SeqGap.name(), "seq " + (start - 1)
                                + ", the predecessor of StartSeq that anchors the range, is missing",
                        start - 1, ChainHash.GENESIS);
            }
            prevHash = predecessor.get();
        }
        TrailVerification verification = TrailVerifier.verify(start, prevHash, rows.events(start, eventsEnd),
                rows.checkpoints(start, checkpointsEnd, bounds.lastCheckpointId()),
                Map.of(checkpoints.key().keyId(), checkpoints.key().publicKey()));
        Optional<Long> rewritten = rows.firstColumnMismatch(start, eventsEnd);
        if (rewritten.isPresent() && (verification.verified() || rewritten.get() < verification.firstBrokenSeq())) {
            long seq = rewritten.get();
            return new Result(requestId, false, start, reportedEnd, seq - start, verification.checkedCheckpoints(), seq,
                    TrailVerification.Reason.ColumnMismatch.name(), "the query columns of seq " + seq
                            + " differ from its chained body: LookupEvents filters could hide or misfile it",
                    verification.headSeq(), verification.headHash());
        }
        return new Result(requestId, verification.verified(), start, reportedEnd, verification.checkedEvents(),
                verification.checkedCheckpoints(), verification.firstBrokenSeq(),
                verification.reason() == null ? null : verification.reason().name(), verification.detail(),
                verification.headSeq(), verification.headHash());
    }
}
