package io.tdeguard.application.audit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tdeguard.api.ApiException;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.application.Invocations;
import io.tdeguard.audit.AuditKeys;
import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.audit.LogStore;
import io.tdeguard.config.TdeGuardConfig;

/**
 * ExportAuditTrail: the Merkle log up to a checkpointed tree size as JSON Lines, for verification on an auditor's
 * own machine ({@code io.tdeguard.audit.offline.VerifyLog}, {@code deploy/bin/verify-audit-export --note-key}) with
 * only the note verifier key and the checkpoints the auditor kept. One JSON object per line, in this order:
 * <pre>
 *   {"type":"header","format":"tdeguard.audit.export.v2","origin":…,"requestId":…,"exportedAt":…,"treeSize":…}
 *   {"type":"leaf","index":…,"data":"&lt;base64 of the exact leaf bytes&gt;"}       leaves 0 .. treeSize−1, in order
 *   {"type":"checkpoint","note":"&lt;C2SP signed note&gt;"}                after the leaf that completes its tree size
 *   {"type":"end","leaves":…,"checkpoints":…}                           last: the export is complete
 * </pre>
 * The header is informational: the verifier takes the tree size to verify from its command line.
 *
 * <p>The call is authorized and audited first (one event recording the tree size); the lines are then streamed in
 * batches, each read in a short transaction of its own, so that an export of millions of leaves neither holds a
 * transaction open nor grows the function's memory.
 */
@ApplicationScoped
public class AuditExport {

    public static final String FORMAT = "tdeguard.audit.export.v2";
    private static final int BATCH = 5000;

    private final Invocations invocations;
    private final LogStore store;
    private final AuditKeys keys;
    private final TdeGuardConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    AuditExport(Invocations invocations, LogStore store, AuditKeys keys, TdeGuardConfig config, ObjectMapper json,
            Clock clock) {
        this.invocations = invocations;
        this.store = store;
        this.keys = keys;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    /** @param treeSize a checkpointed tree size; default the newest */
    public record ExportQuery(Long treeSize) {
    }

    /** What one export will write, fixed when it was authorized. */
    public record Plan(String requestId, long treeSize) {
    }

    /** Authenticates, authorizes and audits the export, and fixes its tree size. */
    public Plan plan(RequestFacts request, Map<String, Object> members) {
        return invocations.run(request, AuditCheckpoints.SERVICE, EventRW.Read, members, ExportQuery.class,
                (invocation, query) -> {
            String resource = AuditCheckpoints.trailArn(config);
            invocation.resource(resource);
            invocations.authorize(invocation, "tdeguard:ExportAuditTrail", resource, Map.of());
            long newest = store.latestHead().map(LogStore.TreeHead::treeSize).orElse(0L);
            long size = query.treeSize() == null ? newest : query.treeSize();
            if (size < 0 || size > newest || (size > 0 && store.head(size).isEmpty())) {
                throw ApiException.invalidParameter("TreeSize", "must be a checkpointed tree size within 0.." + newest);
            }
            invocation.response(Map.of("TreeSize", size));
            return new Plan(invocation.requestId(), size);
        });
    }

    /** Writes the export's lines (each ending with a newline) to {@code out}, in order. */
    public void write(Plan plan, Consumer<String> out) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("type", "header");
        header.put("format", FORMAT);
        header.put("origin", keys.origin());
        header.put("requestId", plan.requestId());
        header.put("exportedAt", clock.instant().toString());
        header.put("treeSize", plan.treeSize());
        out.accept(line(header));
        long leaves = 0;
        long checkpoints = 0;
        Base64.Encoder base64 = Base64.getEncoder();
        for (long from = 0; from < plan.treeSize(); from += BATCH) {
            long to = Math.min(from + BATCH, plan.treeSize());
            List<LogStore.TreeHead> heads = store.heads(from + 1, to);
            int nextHead = 0;
            List<LogStore.Leaf> batch = new ArrayList<>(BATCH);
            store.forEachLeaf(from, to, batch::add); // read in a transaction of its own, written after it
            for (LogStore.Leaf leaf : batch) {
                if (leaf.data() != null) { // a missing event shows as a gap to the verifier
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("type", "leaf");
                    line.put("index", leaf.leafIndex());
                    line.put("data", base64.encodeToString(leaf.data()));
                    out.accept(line(line));
                    leaves++;
                }
                while (nextHead < heads.size() && heads.get(nextHead).treeSize() <= leaf.leafIndex() + 1) {
                    out.accept(line(Map.of("type", "checkpoint", "note", heads.get(nextHead++).note())));
                    checkpoints++;
                }
            }
            while (nextHead < heads.size()) { // checkpoints over leaves the store lost
                out.accept(line(Map.of("type", "checkpoint", "note", heads.get(nextHead++).note())));
                checkpoints++;
            }
        }
        Map<String, Object> end = new LinkedHashMap<>();
        end.put("type", "end");
        end.put("leaves", leaves);
        end.put("checkpoints", checkpoints);
        out.accept(line(end));
    }

    private String line(Map<String, Object> fields) {
        try {
            return json.writeValueAsString(fields) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write an export line", e);
        }
    }
}
