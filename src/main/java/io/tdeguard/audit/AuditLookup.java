package io.tdeguard.audit;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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

import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.auth.PermissionChecker;
import io.tdeguard.config.TdeGuardConfig;
import io.tdeguard.invocation.Invocations;
import io.tdeguard.web.ApiException;

/**
 * LookupEvents: the audit trail by time range and filters, newest first, in pages. Each event is returned as it
 * was chained (its canonical body) with its seq, previous hash and hash, so an auditor can recheck the links.
 */
@ApplicationScoped
public class AuditLookup {

    static final int DEFAULT_MAX_RESULTS = 50;
    static final int MAX_RESULTS = 100;
    static final Duration DEFAULT_RANGE = Duration.ofDays(7);
    private static final TypeReference<Map<String, Object>> EVENT = new TypeReference<>() {
    };

    private final Invocations invocations;
    private final PermissionChecker permissions;
    private final EntityManager entityManager;
    private final ObjectMapper json;
    private final TdeGuardConfig config;
    private final Clock clock;

    AuditLookup(Invocations invocations, PermissionChecker permissions, EntityManager entityManager, ObjectMapper json,
            TdeGuardConfig config, Clock clock) {
        this.invocations = invocations;
        this.permissions = permissions;
        this.entityManager = entityManager;
        this.json = json;
        this.config = config;
        this.clock = clock;
    }

    public record EventQuery(String startTime, String endTime, String instanceId, String principal, String eventName,
            String outcome, Integer maxResults, String nextToken) {
    }

    public record Page(String requestId, List<Map<String, Object>> events, String nextToken) {
    }

    public Page lookup(EventQuery query) {
        return invocations.run("tdeguard", EventRW.Read, invocation -> {
            Map<String, Object> logged = new LinkedHashMap<>();
            logged.put("StartTime", query.startTime());
            logged.put("EndTime", query.endTime());
            logged.put("InstanceId", query.instanceId());
            logged.put("Principal", query.principal());
            logged.put("EventName", query.eventName());
            logged.put("Outcome", query.outcome());
            logged.put("MaxResults", query.maxResults());
            logged.put("NextToken", query.nextToken());
            invocation.parameters(logged);
            String resource = "acs:tdeguard::" + config.accountId() + ":trail/default";
            invocation.resource(resource);
            invocation.decision(permissions.require(invocation.caller(), invocation.facts(), "tdeguard:LookupEvents",
                    resource, Map.of()));
            Instant end = query.endTime() == null ? clock.instant() : time("EndTime", query.endTime());
            Instant start = query.startTime() == null ? end.minus(DEFAULT_RANGE) : time("StartTime", query.startTime());
            if (!start.isBefore(end)) {
                throw ApiException.invalidParameter("StartTime", "must be before EndTime");
            }
            int limit = query.maxResults() == null ? DEFAULT_MAX_RESULTS : query.maxResults();
            if (limit < 1 || limit > MAX_RESULTS) {
                throw ApiException.invalidParameter("MaxResults", "must be between 1 and " + MAX_RESULTS);
            }
            if (query.outcome() != null) {
                outcome(query.outcome());
            }
            return page(invocation.requestId(), query, start, end, limit);
        });
    }

    private Page page(String requestId, EventQuery query, Instant start, Instant end, int limit) {
        StringBuilder sql = new StringBuilder(
                "SELECT seq, body, prev_hash, hash FROM audit_event WHERE event_time >= :start AND event_time < :end");
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("start", start);
        parameters.put("end", end);
        filter(sql, parameters, "instance_id", "instanceId", query.instanceId());
        filter(sql, parameters, "user_name", "principal", query.principal());
        filter(sql, parameters, "event_name", "eventName", query.eventName());
        filter(sql, parameters, "outcome", "outcome", query.outcome());
        if (query.nextToken() != null) {
            sql.append(" AND seq < :before");
            parameters.put("before", seqOf(query.nextToken()));
        }
        sql.append(" ORDER BY seq DESC LIMIT :limit");
        parameters.put("limit", limit + 1);
        Query statement = entityManager.createNativeQuery(sql.toString());
        parameters.forEach(statement::setParameter);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = statement.getResultList();
        List<Map<String, Object>> events = new ArrayList<>();
        for (Object[] row : rows.subList(0, Math.min(limit, rows.size()))) {
            Map<String, Object> event = parse((String) row[1]);
            event.put("prevHash", row[2]);
            event.put("hash", row[3]);
            events.add(event);
        }
        String nextToken = rows.size() > limit ? token(((Number) rows.get(limit - 1)[0]).longValue()) : null;
        return new Page(requestId, events, nextToken);
    }

    private static void filter(StringBuilder sql, Map<String, Object> parameters, String column, String name, String value) {
        if (value != null && !value.isEmpty()) {
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

    /** Opaque to callers: the seq below which the next page starts. */
    static String token(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("seq:" + seq).getBytes(StandardCharsets.UTF_8));
    }

    static long seqOf(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith("seq:")) {
                return Long.parseLong(text.substring(4));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal below
        }
        throw ApiException.invalidParameter("NextToken", "\"" + token + "\" is not a token this function gave");
    }

    private static Instant time(String name, String value) {
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
