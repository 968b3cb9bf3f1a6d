package io.tdeguard.application.audit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tdeguard.api.ApiException;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.application.Invocations;
import io.tdeguard.audit.AuditRecord;
import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.config.TdeGuardConfig;

/**
 * LookupEvents: the audit trail within a required, bounded time range, under optional equality filters, newest
 * first, in pages. Each event is returned as its leaf data says (its canonical body) with its {@code LeafIndex} in the
 * Merkle log once the sequencer integrated it (null before), so an auditor can ask for its inclusion proof; events
 * of the sealed v1 chain also carry their previous hash and hash.
 *
 * <p>Order is (eventTime, seq) descending and {@code NextToken} is an opaque keyset position in that order, so a
 * page costs the same deep in a range as at its start. Each filter has an index led by its column and followed by
 * (event_time, seq) (V3, V6), so PostgreSQL reads only the rows of one page from the index.
 */
@ApplicationScoped
public class AuditLookup {

    static final int DEFAULT_MAX_RESULTS = 50;
    static final int MAX_RESULTS = 100;
    private static final String TOKEN_PREFIX = "v1:";
    private static final TypeReference<Map<String, Object>> EVENT = new TypeReference<>() {
    };

    private final Invocations invocations;
    private final EntityManager entityManager;
    private final ObjectMapper json;
    private final TdeGuardConfig config;

    AuditLookup(Invocations invocations, EntityManager entityManager, ObjectMapper json,
            TdeGuardConfig config) {
        this.invocations = invocations;
        this.entityManager = entityManager;
        this.json = json;
        this.config = config;
    }

    /**
     * @param startTime inclusive, ISO 8601 UTC; required
     * @param endTime   exclusive, ISO 8601 UTC; required, at most {@code tdeguard.audit.lookup.max-range} after start
     * @param principal the user name of the caller (or of the system identity, e.g. {@code tdeguard-reconciler})
     * @param outcome   Allowed (an intent), Succeeded, Denied, Failed or InDoubt
     */
    public record EventQuery(String startTime, String endTime, String instanceId, String principal, String eventName,
            String outcome, String approvalId, String requestId, Integer maxResults, String nextToken) {
    }

    public record Page(String requestId, List<Map<String, Object>> events, String nextToken) {
    }

    /** A position in the order of the results: the last event of a page. */
    record Position(long eventTimeMicros, long seq) {
    }

    public Page lookup(RequestFacts request, Map<String, Object> members) {
        return invocations.run(request, "tdeguard", EventRW.Read, members, EventQuery.class, (invocation, query) -> {
            String resource = AuditCheckpoints.trailArn(config);
            invocation.resource(resource);
            invocations.authorize(invocation, "tdeguard:LookupEvents", resource, Map.of());
            Instant start = time("StartTime", query.startTime());
            Instant end = time("EndTime", query.endTime());
            if (!start.isBefore(end)) {
                throw ApiException.invalidParameter("EndTime", "must be after StartTime");
            }
            Duration maxRange = config.audit().lookup().maxRange();
            if (Duration.between(start, end).compareTo(maxRange) > 0) {
                throw ApiException.invalidParameter("EndTime", "the range from StartTime to EndTime exceeds " + maxRange
                        + "; look up a shorter range");
            }
            int limit = query.maxResults() == null ? DEFAULT_MAX_RESULTS : query.maxResults();
            if (limit < 1 || limit > MAX_RESULTS) {
                throw ApiException.invalidParameter("MaxResults", "must be between 1 and " + MAX_RESULTS);
            }
            if (present(query.outcome())) {
                outcome(query.outcome());
            }
            Position after = present(query.nextToken()) ? position(query.nextToken()) : null;
            return page(invocation.requestId(), query, start, end, limit, after);
        });
    }

    private Page page(String requestId, EventQuery query, Instant start, Instant end, int limit, Position after) {
        StringBuilder sql = new StringBuilder("""
                SELECT seq, body, prev_hash, hash, CAST(EXTRACT(EPOCH FROM event_time) * 1000000 AS bigint),
                       (SELECT l.leaf_index FROM audit_leaf l WHERE l.seq = audit_event.seq)
                FROM audit_event WHERE event_time >= :start AND event_time < :end""");
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("start", start);
        parameters.put("end", end);
        filter(sql, parameters, "instance_id", "instanceId", query.instanceId());
        filter(sql, parameters, "user_name", "principal", query.principal());
        filter(sql, parameters, "event_name", "eventName", query.eventName());
        filter(sql, parameters, "outcome", "outcome", query.outcome());
        filter(sql, parameters, "approval_id", "approvalId", query.approvalId());
        filter(sql, parameters, "request_id", "requestIdFilter", query.requestId());
        if (after != null) {
            sql.append(" AND (event_time, seq) < (:afterTime, :afterSeq)");
            parameters.put("afterTime", Instant.EPOCH.plus(after.eventTimeMicros(), ChronoUnit.MICROS));
            parameters.put("afterSeq", after.seq());
        }
        sql.append(" ORDER BY event_time DESC, seq DESC LIMIT :limit");
        parameters.put("limit", limit + 1);
        Query statement = entityManager.createNativeQuery(sql.toString());
        parameters.forEach(statement::setParameter);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = statement.getResultList();
        List<Map<String, Object>> events = new ArrayList<>();
        for (Object[] row : rows.subList(0, Math.min(limit, rows.size()))) {
            Map<String, Object> event = parse((String) row[1]);
            if (row[3] != null) { // an event of the sealed v1 hash chain
                event.put("prevHash", row[2]);
                event.put("hash", row[3]);
            }
            event.put("LeafIndex", row[5] == null ? null : ((Number) row[5]).longValue());
            events.add(event);
        }
        String nextToken = null;
        if (rows.size() > limit) {
            Object[] last = rows.get(limit - 1);
            nextToken = token(new Position(((Number) last[4]).longValue(), ((Number) last[0]).longValue()));
        }
        return new Page(requestId, events, nextToken);
    }

    private static boolean present(String value) {
        return value != null && !value.isEmpty();
    }

    private static void filter(StringBuilder sql, Map<String, Object> parameters, String column, String name, String value) {
        if (present(value)) {
            sql.append(" AND ").append(column).append(" = :").append(name);
            parameters.put(name, value);
        }
    }

    private Map<String, Object> parse(String body) {
        try {
            return json.readValue(body, EVENT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored audit event is not JSON", e);
        }
    }

    /** Opaque to callers: the position of the last event of the page. */
    static String token(Position position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((TOKEN_PREFIX + position.eventTimeMicros() + ":"
                + position.seq()).getBytes(StandardCharsets.UTF_8));
    }

    static Position position(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(TOKEN_PREFIX)) {
                String[] parts = text.substring(TOKEN_PREFIX.length()).split(":", -1);
                if (parts.length == 2) {
                    return new Position(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal below
        }
        throw ApiException.invalidParameter("NextToken", "\"" + token + "\" is not a token this function gave");
    }

    private static Instant time(String name, String value) {
        if (!present(value)) {
            throw ApiException.missingParameter(name);
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidParameter(name, "\"" + value + "\" is not an ISO 8601 UTC time like 2026-11-28T16:52:28Z");
        }
    }

    private static void outcome(String value) {
        try {
            AuditRecord.Outcome.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter("Outcome", "\"" + value + "\" is not one of Allowed, Succeeded, Denied, Failed, InDoubt");
        }
    }
}
