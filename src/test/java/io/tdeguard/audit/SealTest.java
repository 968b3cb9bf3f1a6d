package io.tdeguard.audit;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.tdeguard.audit.chain.ChainAppender;
import io.tdeguard.audit.chain.ChainEntry;
import io.tdeguard.audit.chain.ChainHash;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.FreshDatabase;
import io.tdeguard.support.Identity;
import io.tdeguard.support.LogProofs;
import io.tdeguard.support.SignedClient;
import io.tdeguard.support.TrailSnapshot;

/**
 * A database deployed before audit log v2 holds a v1 hash chain: the first batch seals it (a final v1 checkpoint,
 * referenced from leaf 0), and VerifyAuditTrail verifies the sealed chain, the seal and the Merkle log together.
 */
@QuarkusTest
@TestProfile(FreshDatabase.class)
class SealTest {

    @Inject
    DataSource dataSource;

    @Test
    void sealsTheV1ChainInLeafZeroAndKeepsItVerifiable() throws Exception {
        List<ChainEntry> chain = v1Chain(6);
        Identity auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);
        LogProofs.sequence(auditor);

        Response sealed = SignedClient.call(auditor, "LookupEvents",
                Fixtures.recent(Map.of("EventName", LogSequencer.SEALED))).send();
        sealed.then().statusCode(200);
        List<Map<String, Object>> events = sealed.path("Events");
        assertEquals(1, events.size(), events.toString());
        Map<String, Object> seal = events.get(0);
        assertEquals(0, ((Number) seal.get("LeafIndex")).intValue());
        @SuppressWarnings("unchecked")
        Map<String, Object> response = (Map<String, Object>) seal.get("responseElements");
        assertEquals(6, ((Number) response.get("V1HeadSeq")).intValue());
        assertEquals(chain.get(5).hash(), response.get("V1HeadHash"));
        assertEquals(true, response.get("V1Verified"));
        LogProofs.assertIncluded(auditor, seal);
        assertEquals(1, TrailSnapshot.number(dataSource, "SELECT count(*) FROM audit_checkpoint WHERE seq = 6"));

        SignedClient.call(auditor, "VerifyAuditTrail", Map.of()).send().then().statusCode(200)
                .body("Verified", equalTo(true)).body("SealedV1Events", equalTo(6));
        // a second batch does not seal again
        LogProofs.sequence(auditor);
        assertEquals(1, TrailSnapshot.number(dataSource, "SELECT count(*) FROM audit_event WHERE event_name = '"
                + LogSequencer.SEALED + "'"));

        // the v1 chain's query columns are checked against its bodies, the one with a NUL included
        TrailSnapshot.owner(dataSource, "ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update",
                "UPDATE audit_event SET user_name = 'somebody-else' WHERE seq = 4",
                "ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update");
        SignedClient.call(auditor, "VerifyAuditTrail", Map.of()).send().then().statusCode(200)
                .body("Verified", equalTo(false)).body("FirstBrokenSeq", equalTo(4))
                .body("Reason", equalTo("ColumnMismatch"));

        // the v1 chain is still checked: an event edited after the seal, before the rewritten columns
        TrailSnapshot.owner(dataSource, "ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update",
                "UPDATE audit_event SET body = replace(body, 'v1-probe', 'v1-edited') WHERE seq = 3",
                "ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update");
        SignedClient.call(auditor, "VerifyAuditTrail", Map.of()).send().then().statusCode(200)
                .body("Verified", equalTo(false)).body("FirstBrokenSeq", equalTo(3))
                .body("Reason", equalTo("HashMismatch"));
    }

    /** A v1 chain as the function wrote it before V11, a NUL in one event's parameters included. */
    private List<ChainEntry> v1Chain(int n) throws Exception {
        List<ChainEntry> chain = new java.util.ArrayList<>();
        long seq = 0;
        String hash = ChainHash.GENESIS;
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO audit_event (seq, event_id, event_time, event_name, phase, outcome, request_id, user_name,
                    body, prev_hash, hash)
                VALUES (?, CAST(? AS uuid), CAST(? AS timestamptz), 'CreateGroup', 'single', 'Succeeded', ?, 'admin',
                    ?, ?, ?)""")) {
            for (int i = 1; i <= n; i++) {
                String eventId = UUID.randomUUID().toString();
                String time = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("seq", i);
                event.put("eventId", eventId);
                event.put("eventVersion", "1");
                event.put("eventTime", time);
                event.put("eventName", "CreateGroup");
                event.put("requestId", "v1-probe-" + i);
                event.put("userIdentity", Map.of("userName", "admin"));
                event.put("requestParameters", Map.of("GroupName", i == 2 ? "nul\u0000" : "g" + i));
                event.put("phase", "single");
                event.put("outcome", "Succeeded");
                ChainEntry entry = ChainAppender.append(seq, hash, event);
                insert.setLong(1, entry.seq());
                insert.setString(2, eventId);
                insert.setString(3, time);
                insert.setString(4, "v1-probe-" + i);
                insert.setString(5, entry.canonicalEventJson());
                insert.setString(6, entry.prevHash());
                insert.setString(7, entry.hash());
                insert.executeUpdate();
                chain.add(entry);
                seq = entry.seq();
                hash = entry.hash();
            }
        }
        TrailSnapshot.owner(dataSource, "SELECT setval('audit_event_seq', " + (n + 1) + ", false)");
        return chain;
    }
}
