package io.tdeguard.audit;

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

import io.tdeguard.audit.chain.ChainHash;
import io.tdeguard.json.CanonicalJson;

/**
 * Appends events to the hash-chained audit trail. The append is serialised in the database (a transaction-scoped
 * advisory lock), not in the JVM, because many function instances write to one chain: each event links to the
 * hash of the one before it, with no gap and no fork.
 */
@ApplicationScoped
public class AuditTrail {

    /** Key of the advisory lock that serialises appends; any constant unique to this use. */
    private static final long APPEND_LOCK = 0x7464656775617264L;
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

    AuditTrail(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /**
     * Takes the append lock until the caller's transaction ends: no event is appended meanwhile, so the head read
     * next stays the head. Appends in the same transaction still proceed (the lock is the transaction's).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockHead() {
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(?1)").setParameter(1, APPEND_LOCK).getSingleResult();
    }

    /** Whether an intent already has a definite outcome (Succeeded or Failed). Stable only under {@link #lockHead()}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean hasDefiniteOutcome(String intentEventId) {
        return ((Number) entityManager.createNativeQuery("""
                SELECT count(*) FROM audit_event
                WHERE intent_event_id = CAST(?1 AS uuid) AND outcome IN ('Succeeded', 'Failed')""")
                .setParameter(1, intentEventId).getSingleResult()).longValue() > 0;
    }

    /** The definite outcome (Succeeded or Failed) an intent has, the first recorded. Stable only under {@link #lockHead()}. */
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

    /** The newest event, or empty for an empty chain. Stable only under {@link #lockHead()}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public java.util.Optional<AppendedEvent> head() {
        @SuppressWarnings("unchecked")
        List<Object[]> head = entityManager.createNativeQuery(
                "SELECT seq, CAST(event_id AS text), hash FROM audit_event ORDER BY seq DESC LIMIT 1").getResultList();
        return head.stream().findFirst()
                .map(row -> new AppendedEvent(((Number) row[0]).longValue(), (String) row[1], (String) row[2]));
    }

    /** Appends within the caller's transaction, so the event commits or rolls back with the change it records. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AppendedEvent append(AuditRecord record) {
        lockHead();
        @SuppressWarnings("unchecked")
        List<Object[]> head = entityManager.createNativeQuery(
                "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1").getResultList();
        long seq = head.isEmpty() ? 1 : ((Number) head.get(0)[0]).longValue() + 1;
        String prevHash = head.isEmpty() ? ChainHash.GENESIS : (String) head.get(0)[1];
        String eventId = UUID.randomUUID().toString();
        Instant eventTime = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String body = CanonicalJson.write(body(record, seq, eventId, eventTime));
        String hash = ChainHash.link(prevHash, body);
        entityManager.createNativeQuery("""
                INSERT INTO audit_event (seq, event_id, event_time, event_name, phase, outcome, request_id, user_name,
                    instance_id, approval_id, error_code, intent_event_id, body, prev_hash, hash)
                VALUES (?1, CAST(?2 AS uuid), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, CAST(?12 AS uuid), ?13, ?14, ?15)
                """)
                .setParameter(1, seq).setParameter(2, eventId).setParameter(3, eventTime)
                .setParameter(4, record.eventName()).setParameter(5, record.phase().name())
                .setParameter(6, record.outcome().name()).setParameter(7, record.facts().requestId())
                .setParameter(8, record.userIdentity().userName())
                .setParameter(9, record.instanceId()).setParameter(10, record.approvalId())
                .setParameter(11, record.errorCode()).setParameter(12, record.intentEventId())
                .setParameter(13, body).setParameter(14, prevHash).setParameter(15, hash)
                .executeUpdate();
        return new AppendedEvent(seq, eventId, hash);
    }

    /** Appends in a transaction of its own: for refusals, whose request changed nothing else. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public AppendedEvent appendAlone(AuditRecord record) {
        return append(record);
    }

    /** The ActionTrail-shaped event that the hash covers. */
    static Map<String, Object> body(AuditRecord record, long seq, String eventId, Instant eventTime) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("seq", seq);
        body.put("eventId", eventId);
        body.put("eventVersion", "1");
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
