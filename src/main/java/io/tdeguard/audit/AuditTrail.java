package io.tdeguard.audit;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.tdeguard.json.CanonicalJson;

/**
 * Stores audit events: the one place an event is appended. The append takes no global lock: each event is stored
 * durably in the caller's transaction with its leaf bytes (the canonical JSON) and their tag under the function's
 * tag key ({@link AuditKeys}), and queued for the sequencer ({@link LogSequencer}), which later gives it a leaf
 * index in the Merkle log and signs a checkpoint. Many function instances append at once.
 */
@ApplicationScoped
public class AuditTrail {

    /** Class id of the advisory locks that serialise the outcomes of one intent; any constant unique to this use. */
    private static final int OUTCOME_LOCK = 0x74646567;
    /** What a caller sent is cut to these sizes in the trail: a record of the call, not a store for payloads. */
    static final int MAX_RECORDED_STRING = 2048;
    /** The largest integer canonical JSON represents exactly (RFC 8785 §3.2.2.3: IEEE 754 doubles). */
    private static final long MAX_EXACT_INTEGER = (1L << 53) - 1;
    /** Identifiers a caller names (an instance, a resource) are cut to this length in the trail and its columns. */
    public static final int MAX_RECORDED_ID = 256;
    static final int MAX_RECORDED_KEY = 128;
    static final int MAX_RECORDED_ENTRIES = 64;

    private final EntityManager entityManager;
    private final Clock clock;
    private final AuditKeys keys;

    AuditTrail(EntityManager entityManager, Clock clock, AuditKeys keys) {
        this.entityManager = entityManager;
        this.clock = clock;
        this.keys = keys;
    }

    /**
     * Takes the lock of one intent's outcomes until the caller's transaction ends, so that whoever records an
     * outcome of that intent (the call itself, or a reconciler) sees the others' first. Other events do not wait.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockOutcomesOf(String intentEventId) {
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(?1, hashtext(?2))")
                .setParameter(1, OUTCOME_LOCK).setParameter(2, intentEventId).getSingleResult();
    }

    /** The definite outcome (Succeeded or Failed) an intent has, the first recorded. Stable only under {@link #lockOutcomesOf}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<AuditRecord.Outcome> definiteOutcome(String intentEventId) {
        @SuppressWarnings("unchecked")
        List<String> outcomes = entityManager.createNativeQuery("""
                SELECT outcome FROM audit_event
                WHERE intent_event_id = CAST(?1 AS uuid) AND outcome IN ('Succeeded', 'Failed')
                ORDER BY event_time, event_id LIMIT 1""")
                .setParameter(1, intentEventId).getResultList();
        return outcomes.stream().findFirst().map(AuditRecord.Outcome::valueOf);
    }

    /**
     * Appends within the caller's transaction, so the event commits or rolls back with the change it records. The
     * event is stored with its tag and queued for the sequencer in one statement.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public AppendedEvent append(AuditRecord record) {
        String eventId = UUID.randomUUID().toString();
        Instant eventTime = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String body = CanonicalJson.write(body(record, eventId, eventTime));
        AuditKeys.Tag tag = keys.tag(body.getBytes(StandardCharsets.UTF_8));
        Number seq = (Number) entityManager.createNativeQuery("""
                WITH stored AS (
                    INSERT INTO audit_event (event_id, event_time, event_name, phase, outcome, request_id, user_name,
                        instance_id, approval_id, error_code, intent_event_id, body, tag, tag_key_id)
                    VALUES (CAST(?1 AS uuid), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, CAST(?11 AS uuid), ?12, ?13, ?14)
                    RETURNING seq)
                INSERT INTO audit_pending (seq) SELECT seq FROM stored RETURNING seq""")
                .setParameter(1, eventId).setParameter(2, eventTime)
                .setParameter(3, record.eventName()).setParameter(4, record.phase().name())
                .setParameter(5, record.outcome().name()).setParameter(6, record.facts().requestId())
                .setParameter(7, record.userIdentity().userName())
                .setParameter(8, record.instanceId()).setParameter(9, record.approvalId())
                .setParameter(10, record.errorCode()).setParameter(11, record.intentEventId())
                .setParameter(12, body).setParameter(13, tag.value()).setParameter(14, tag.keyId())
                .getSingleResult();
        return new AppendedEvent(seq.longValue(), eventId, tag.value(), eventTime);
    }

    /** Appends in a transaction of its own: for refusals, whose request changed nothing else. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public AppendedEvent appendAlone(AuditRecord record) {
        return append(record);
    }

    /** The ActionTrail-shaped event whose canonical JSON is the log's leaf. */
    static Map<String, Object> body(AuditRecord record, String eventId, Instant eventTime) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", eventId);
        body.put("eventVersion", "2");
        body.put("eventTime", eventTime.toString());
        body.put("eventName", record.eventName());
        body.put("eventType", "ApiCall");
        body.put("eventRW", record.eventRW().name());
        body.put("serviceName", record.serviceName());
        body.put("acsRegion", record.acsRegion());
        body.put("requestId", record.facts().requestId());
        body.put("sourceIpAddress", record.facts().sourceIp());
        body.put("userAgent", recordable(record.facts().userAgent()));
        body.put("userIdentity", record.userIdentity().toEventMap());
        body.put("resourceName", record.resourceName());
        body.put("instanceId", record.instanceId());
        body.put("requestParameters", recordable(record.requestParameters()));
        body.put("responseElements", recordable(record.responseElements()));
        body.put("errorCode", record.errorCode());
        body.put("errorMessage", recordable(record.errorMessage()));
        body.put("phase", record.phase().name());
        body.put("outcome", record.outcome().name());
        Map<String, Object> decision = new LinkedHashMap<>();
        decision.put("effect", record.decision());
        decision.put("reasons", record.decisionReasons() == null ? List.of() : record.decisionReasons());
        body.put("decision", record.decision() == null ? null : decision);
        body.put("approvalId", record.approvalId());
        body.put("intentEventId", record.intentEventId());
        return body;
    }

    /**
     * What a caller sent, in a form the canonical JSON can hold and of a bounded size, so that even the strangest
     * refused input is recorded without letting anyone bloat the permanent trail: numbers that are not whole become
     * their decimal text, long strings and keys are cut, and long maps and lists keep their first entries.
     */
    static Object recordable(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (copy.size() == MAX_RECORDED_ENTRIES) {
                    copy.put("…", (map.size() - MAX_RECORDED_ENTRIES) + " more entries");
                    break;
                }
                copy.put(recordableText(String.valueOf(entry.getKey()), MAX_RECORDED_KEY), recordable(entry.getValue()));
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (Object item : list.subList(0, Math.min(list.size(), MAX_RECORDED_ENTRIES))) {
                copy.add(recordable(item));
            }
            if (list.size() > MAX_RECORDED_ENTRIES) {
                copy.add("…" + (list.size() - MAX_RECORDED_ENTRIES) + " more items");
            }
            return copy;
        }
        if (value instanceof String text) {
            return recordableText(text, MAX_RECORDED_STRING);
        }
        if (value instanceof Long number && Math.abs(number) > MAX_EXACT_INTEGER) {
            // Beyond what canonical JSON (RFC 8785) holds exactly: recorded as its decimal text.
            return String.valueOf(number);
        }
        if (value == null || value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            return value;
        }
        return recordable(String.valueOf(value));
    }

    /**
     * A value that also fills one of the trail's indexed columns (event name, instance, region, approval, resource):
     * {@link #recordableText} at {@link #MAX_RECORDED_ID}, and U+0000, which PostgreSQL's {@code text} cannot hold,
     * replaced by U+FFFD, visibly; the leaf carries the same text, so the columns still match it.
     */
    public static String recordableId(String text) {
        String recordable = recordableText(text, MAX_RECORDED_ID);
        return recordable == null ? null : recordable.replace('\u0000', '\uFFFD');
    }

    /**
     * Text as the trail can hold it whatever the caller sent: cut to {@code length} UTF-16 units on a code-point
     * boundary (the cut is said), and every lone surrogate replaced by U+FFFD, which canonical JSON would refuse.
     */
    public static String recordableText(String text, int length) {
        if (text == null) {
            return null;
        }
        String cut = text;
        if (text.length() > length) {
            int end = Character.isHighSurrogate(text.charAt(length - 1)) ? length - 1 : length;
            cut = text.substring(0, end) + "…[" + (text.length() - end) + " more characters]";
        }
        StringBuilder wellFormed = null;
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < cut.length()
                    && Character.isLowSurrogate(cut.charAt(i + 1));
            if (paired) {
                if (wellFormed != null) {
                    wellFormed.append(c).append(cut.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (wellFormed == null) {
                    wellFormed = new StringBuilder(cut.length()).append(cut, 0, i);
                }
                wellFormed.append('\uFFFD');
            } else if (wellFormed != null) {
                wellFormed.append(c);
            }
        }
        return wellFormed == null ? cut : wellFormed.toString();
    }

}
