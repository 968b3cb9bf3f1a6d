package io.tdeguard.application.audit;

import io.tdeguard.api.RequestFacts;
import io.tdeguard.audit.AuditRows;
import io.tdeguard.audit.SeqRange;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tdeguard.application.Invocations;
import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.audit.chain.ChainEntry;
import io.tdeguard.audit.chain.ChainHash;
import io.tdeguard.audit.chain.Checkpoint;
import io.tdeguard.config.TdeGuardConfig;

/**
 * ExportAuditTrail: a range of the trail as JSON Lines, for verification on an auditor's own machine
 * ({@code io.tdeguard.audit.offline.VerifyExport}, {@code deploy/bin/verify-audit-export}) with only the export and
 * the public key. One JSON object per line, in this order:
 * <pre>
 *   {"type":"header","format":"tdeguard.audit.export.v1","requestId":…,"exportedAt":…,"startSeq":…,"endSeq":…,
 *    "headSeq":…,"prevHash":…,"keyId":…}
 *   {"type":"event","seq":…,"prevHash":…,"hash":…,"canonicalEvent":"…"}           one per stored event in the range
 *   {"type":"checkpoint","seq":…,"hash":…,"time":…,"keyId":…,"signature":…}     after the event at its seq
 *   {"type":"end","events":…,"checkpoints":…}                                     last: the export is complete
 * </pre>
 * {@code canonicalEvent} is the event's stored canonical JSON text exactly (the hash covers that text), as a JSON
 * string. {@code prevHash} of the header is the stored hash of {@code startSeq - 1} (the genesis hash for seq 1).
 * Checkpoints whose seq has no event (a truncated tail) come after the last event.
 *
 * <p>The call is authorized and audited first (one event recording the range); the lines are then streamed in
 * batches, each read in a short transaction of its own, so that an export of millions of events neither holds a
 * transaction open nor grows the function's memory. The range is fixed when the call starts.
 */
@ApplicationScoped
public class AuditExport {

    public static final String FORMAT = "tdeguard.audit.export.v1";

    private final Invocations invocations;
    private final AuditRows rows;
    private final io.tdeguard.audit.AuditKeys keys;
    private final TdeGuardConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    AuditExport(Invocations invocations, AuditRows rows, io.tdeguard.audit.AuditKeys keys,
            TdeGuardConfig config, ObjectMapper json, Clock clock) {
        this.invocations = invocations;
        this.rows = rows;
        this.keys = keys;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    /** What one export will write, fixed when it was authorized. */
    public record Plan(String requestId, long startSeq, long eventsEnd, long checkpointsEnd, long reportedEnd,
            long headSeq, long lastCheckpointId, String prevHash) {
    }

    /** Authenticates, authorizes and audits the export, and fixes its range. */
    public Plan plan(RequestFacts request, SeqRange range) {
        return invocations.run(request, AuditCheckpoints.SERVICE, EventRW.Read, invocation -> {
            invocation.parameters(range.asParameters());
            String resource = AuditCheckpoints.trailArn(config);
            invocation.resource(resource);
            invocations.authorize(invocation, "tdeguard:ExportAuditTrail", resource, Map.of());
            long start = range.validatedStart();
            AuditRows.Bounds bounds = rows.bounds();
            Long end = range.endSeq();
            long eventsEnd = end == null ? bounds.headSeq() : Math.min(end, bounds.headSeq());
            Optional<String> prevHash = start == 1 ? Optional.of(ChainHash.GENESIS) : rows.hashAt(start - 1);
            Plan plan = new Plan(invocation.requestId(), start, eventsEnd, end == null ? Long.MAX_VALUE : end,
                    end == null ? bounds.headSeq() : end, bounds.headSeq(), bounds.lastCheckpointId(),
                    prevHash.orElse(null));
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("StartSeq", plan.startSeq());
            response.put("EndSeq", plan.reportedEnd());
            response.put("HeadSeq", plan.headSeq());
            invocation.response(response);
            return plan;
        });
    }

    /** Writes the export's lines (each ending with a newline) to {@code out}, in order. */
    public void write(Plan plan, Consumer<String> out) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("type", "header");
        header.put("format", FORMAT);
        header.put("requestId", plan.requestId());
        header.put("exportedAt", Checkpoint.formatTime(clock.instant()));
        header.put("startSeq", plan.startSeq());
        header.put("endSeq", plan.reportedEnd());
        header.put("headSeq", plan.headSeq());
        header.put("prevHash", plan.prevHash());
        header.put("keyId", keys.signingKey().keyId());
        out.accept(line(header));

        Iterator<Checkpoint> pending = rows.checkpoints(plan.startSeq(), plan.checkpointsEnd(), plan.lastCheckpointId());
        Checkpoint next = pending.hasNext() ? pending.next() : null;
        long events = 0;
        long written = 0;
        for (ChainEntry event : rows.events(plan.startSeq(), plan.eventsEnd())) {
            while (next != null && next.seq() < event.seq()) {
                out.accept(line(checkpoint(next)));
                written++;
                next = pending.hasNext() ? pending.next() : null;
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("type", "event");
            line.put("seq", event.seq());
            line.put("prevHash", event.prevHash());
            line.put("hash", event.hash());
            line.put("canonicalEvent", event.canonicalEventJson());
            out.accept(line(line));
            events++;
            while (next != null && next.seq() == event.seq()) {
                out.accept(line(checkpoint(next)));
                written++;
                next = pending.hasNext() ? pending.next() : null;
            }
        }
        while (next != null) {
            out.accept(line(checkpoint(next)));
            written++;
            next = pending.hasNext() ? pending.next() : null;
        }
        Map<String, Object> end = new LinkedHashMap<>();
        end.put("type", "end");
        end.put("events", events);
        end.put("checkpoints", written);
        out.accept(line(end));
    }

    private static Map<String, Object> checkpoint(Checkpoint checkpoint) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "checkpoint");
        line.put("seq", checkpoint.seq());
        line.put("hash", checkpoint.hash());
        line.put("time", checkpoint.time());
        line.put("keyId", checkpoint.keyId());
        line.put("signature", checkpoint.signature());
        return line;
    }

    private String line(Map<String, Object> fields) {
        try {
            return json.writeValueAsString(fields) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write an export line", e);
        }
    }
}
