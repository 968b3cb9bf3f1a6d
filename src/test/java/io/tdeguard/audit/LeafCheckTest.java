package io.tdeguard.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import io.tdeguard.audit.tlog.MerkleHash;
import io.tdeguard.json.CanonicalJson;

/** One stored leaf against its event row, as VerifyAuditTrail checks every leaf. */
class LeafCheckTest {

    static final AuditKeys KEYS = new AuditKeys(Base64.getEncoder().encodeToString(new byte[32]), List.of(),
            "tdeguard/1234567890123456/audit", "MC4CAQAwBQYDK2VwBCIEIHKPNMB/MFnGs0lmhdxME+UO0XNfa/Euf0I0tGm4TfqI",
            List.of());
    static final String EVENT_ID = "7f0c2a9e-3c1b-4d8e-9a55-0c1d2e3f4a5b";
    static final String INTENT_ID = "0A1B2C3D-4E5F-4061-8273-94A5B6C7D8E9";
    static final Instant TIME = Instant.parse("2026-11-30T12:34:56.789Z");

    static Map<String, Object> event() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", EVENT_ID);
        event.put("eventTime", TIME.toString());
        event.put("eventName", "ModifyInstanceTDE");
        event.put("requestId", "REQ-1");
        event.put("userIdentity", Map.of("type", "ram-user", "userName", "zo\u00eb"));
        event.put("instanceId", "r-bp1");
        event.put("requestParameters", Map.of("userName", "not the column", "eventName", "nor this"));
        event.put("errorCode", null);
        event.put("phase", "outcome");
        event.put("outcome", "Succeeded");
        event.put("approvalId", "apv-1");
        event.put("intentEventId", INTENT_ID);
        return event;
    }

    static LogStore.QueryColumns columns() {
        return new LogStore.QueryColumns(EVENT_ID, micros(TIME), "ModifyInstanceTDE", "outcome", "Succeeded", "REQ-1",
                "zo\u00eb", "r-bp1", "apv-1", null, INTENT_ID.toLowerCase());
    }

    static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    static LogStore.StoredLeaf stored(byte[] data, LogStore.QueryColumns columns) {
        AuditKeys.Tag tag = KEYS.tag(data);
        return new LogStore.StoredLeaf(new LogStore.Leaf(7, 42, data), tag.value(), tag.keyId(), columns);
    }

    static byte[] bytes(Map<String, Object> event) {
        return CanonicalJson.write(event).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aTaggedLeafWhoseColumnsCopyItsFieldsPassesWithItsLeafHash() {
        byte[] data = bytes(event());
        LeafCheck.Result result = LeafCheck.check(stored(data, columns()), KEYS);
        assertNull(result.reason(), result.detail());
        assertArrayEquals(MerkleHash.leafHash(data), result.leafHash());
        assertEquals(7, result.leafIndex());
        assertEquals(42, result.seq());
    }

    @Test
    void namesAMissingEventAndABadTag() {
        LeafCheck.Result missing = LeafCheck.check(new LogStore.StoredLeaf(new LogStore.Leaf(3, 9, null), null, null,
                null), KEYS);
        assertEquals("EventMissing", missing.reason());
        assertNull(missing.leafHash());
        byte[] data = bytes(event());
        LogStore.StoredLeaf tagged = stored(data, columns());
        byte[] changed = data.clone();
        changed[changed.length - 2] ^= 1;
        LeafCheck.Result tampered = LeafCheck.check(new LogStore.StoredLeaf(new LogStore.Leaf(7, 42, changed),
                tagged.tag(), tagged.tagKeyId(), columns()), KEYS);
        assertEquals("TagMismatch", tampered.reason());
        LeafCheck.Result unknownKey = LeafCheck.check(new LogStore.StoredLeaf(tagged.leaf(), tagged.tag(),
                "hmac:0000000000000000", columns()), KEYS);
        assertEquals("TagMismatch", unknownKey.reason());
    }

    @Test
    void namesEachQueryColumnRewrittenApartFromItsLeaf() {
        byte[] data = bytes(event());
        Map<String, UnaryOperator<LogStore.QueryColumns>> rewrites = new LinkedHashMap<>();
        rewrites.put("eventId", c -> with(c, 0, "7f0c2a9e-3c1b-4d8e-9a55-0c1d2e3f4a5c"));
        rewrites.put("eventTime", c -> new LogStore.QueryColumns(c.eventId(), c.eventTimeMicros() + 1, c.eventName(),
                c.phase(), c.outcome(), c.requestId(), c.userName(), c.instanceId(), c.approvalId(), c.errorCode(),
                c.intentEventId()));
        rewrites.put("eventName", c -> with(c, 2, "DescribeApproval"));
        rewrites.put("phase", c -> with(c, 3, "intent"));
        rewrites.put("outcome", c -> with(c, 4, "Denied"));
        rewrites.put("requestId", c -> with(c, 5, "REQ-2"));
        rewrites.put("userName", c -> with(c, 6, "somebody-else"));
        rewrites.put("instanceId", c -> with(c, 7, null));
        rewrites.put("approvalId", c -> with(c, 8, "apv-2"));
        rewrites.put("errorCode", c -> with(c, 9, "Forbidden.RAM"));
        rewrites.put("intentEventId", c -> with(c, 10, null));
        rewrites.forEach((field, rewrite) -> {
            LeafCheck.Result result = LeafCheck.check(stored(data, rewrite.apply(columns())), KEYS);
            assertEquals("ColumnMismatch", result.reason(), field);
            assertTrue(result.detail().startsWith("the query column " + field + " of leaf 7 (seq 42)"),
                    result.detail());
        });
    }

    @Test
    void comparesEventTimesAsInstantsWhateverTheirText() {
        for (String text : List.of("2026-11-30T12:34:56.789000Z", "2026-11-30T20:34:56.789+08:00")) {
            Map<String, Object> event = event();
            event.put("eventTime", text);
            assertNull(LeafCheck.check(stored(bytes(event), columns()), KEYS).reason(), text);
        }
        for (String text : List.of("2026-11-30T12:34:56.788Z", "2026-11-30 12:34:56.789Z", "yesterday")) {
            Map<String, Object> event = event();
            event.put("eventTime", text);
            assertEquals("ColumnMismatch", LeafCheck.check(stored(bytes(event), columns()), KEYS).reason(), text);
        }
    }

    @Test
    void takesAFieldThatIsNotAStringAsNullAndTheLastOfARepeatedField() {
        Map<String, Object> event = event();
        event.put("instanceId", 12);
        event.put("userIdentity", Map.of("userName", List.of("zo\u00eb")));
        LogStore.QueryColumns nulls = with(with(columns(), 7, null), 6, null);
        assertNull(LeafCheck.check(stored(bytes(event), nulls), KEYS).reason());
        String text = CanonicalJson.write(event()).replace("\"requestId\":\"REQ-1\"",
                "\"requestId\":\"REQ-0\",\"requestId\":\"REQ-1\"");
        assertNull(LeafCheck.check(stored(text.getBytes(StandardCharsets.UTF_8), columns()), KEYS).reason());
    }

    @Test
    void saysABodyThatIsNotAJsonObject() {
        for (String body : List.of("{\"eventId\":", "[1,2]")) {
            LeafCheck.Result result = LeafCheck.check(stored(body.getBytes(StandardCharsets.UTF_8), columns()), KEYS);
            assertEquals("ColumnMismatch", result.reason(), body);
            assertTrue(result.detail().startsWith("the query column body (not "), result.detail());
        }
    }

    /** The columns with the one at {@code index} (order of {@link LeafCheck#FIELDS}, not eventTime) replaced. */
    static LogStore.QueryColumns with(LogStore.QueryColumns c, int index, String value) {
        String[] v = {c.eventId(), null, c.eventName(), c.phase(), c.outcome(), c.requestId(), c.userName(),
            c.instanceId(), c.approvalId(), c.errorCode(), c.intentEventId()};
        v[index] = value;
        return new LogStore.QueryColumns(v[0], c.eventTimeMicros(), v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9],
                v[10]);
    }
}
