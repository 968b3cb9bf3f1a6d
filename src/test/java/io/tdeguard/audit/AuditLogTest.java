package io.tdeguard.audit;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.tdeguard.audit.tlog.Checkpoint;
import io.tdeguard.audit.tlog.GoTlogCheck;
import io.tdeguard.audit.tlog.MerkleHash;
import io.tdeguard.audit.tlog.ProofVerifier;
import io.tdeguard.audit.tlog.VerifierKey;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.LogProofs;
import io.tdeguard.support.SignedClient;
import io.tdeguard.support.TrailSnapshot;

/**
 * The audit log v2 through its public contract: stored events are sequenced into a Merkle log with signed C2SP
 * checkpoints; the Get* functions serve checkpoints and proofs that the plain verifier and Go's sumdb/note and
 * sumdb/tlog accept unchanged; no input poisons verification; a row without a valid tag is not integrated.
 */
@QuarkusTest
class AuditLogTest {

    @Inject
    DataSource dataSource;

    Identity auditor;

    @BeforeEach
    void anAuditorAndSomeEvents() {
        auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);
        for (int i = 0; i < 3; i++) {
            Fixtures.admin("CreateGroup", Map.of("GroupName", Fixtures.unique("group"))).then().statusCode(200);
        }
    }

    @Test
    void servesCheckpointsAndProofsThatThePlainVerifierAccepts() throws Exception {
        long first = LogProofs.sequence(auditor);
        VerifierKey key = LogProofs.noteKey(auditor);
        assertEquals("tdeguard/1234567890123456/audit", key.name());

        Response checkpoint = SignedClient.call(auditor, "GetAuditCheckpoint", Map.of("TreeSize", first)).send();
        checkpoint.then().statusCode(200).body("TreeSize", equalTo((int) first));
        Checkpoint firstHead = LogProofs.open(checkpoint.path("Checkpoint"), key);
        assertEquals(first, firstHead.treeSize());
        assertEquals("tdeguard/1234567890123456/audit", firstHead.origin());

        for (int i = 0; i < 5; i++) {
            Fixtures.admin("CreateGroup", Map.of("GroupName", Fixtures.unique("group"))).then().statusCode(200);
        }
        long second = LogProofs.sequence(auditor);
        assertTrue(second > first);
        Response consistency = SignedClient.call(auditor, "GetAuditConsistencyProof",
                Map.of("FirstTreeSize", first)).send();
        consistency.then().statusCode(200);
        Checkpoint secondHead = LogProofs.open(consistency.path("Checkpoint"), key);
        assertEquals(second, secondHead.treeSize());
        ProofVerifier.verifyConsistency(first, second, LogProofs.hashes(consistency.path("Hashes")),
                firstHead.rootHash(), secondHead.rootHash());

        // every leaf of the older tree, proved in the newer one, by leaf index
        for (long index = Math.max(0, first - 20); index < first; index++) {
            Response proof = SignedClient.call(auditor, "GetAuditInclusionProof", Map.of("LeafIndex", index,
                    "TreeSize", second)).send();
            proof.then().statusCode(200).body("TreeSize", equalTo((int) second));
            byte[] leaf = Base64.getDecoder().decode(proof.<String>path("LeafData"));
            ProofVerifier.verifyInclusion(index, second, MerkleHash.leafHash(leaf), LogProofs.hashes(proof.path("Hashes")),
                    secondHead.rootHash());
        }
    }

    @Test
    void lookupEventsCarriesTheLeafIndexOnceSequencedAndTheEventIdFindsItsProof() {
        String group = Fixtures.unique("group");
        Response created = Fixtures.admin("CreateGroup", Map.of("GroupName", group));
        created.then().statusCode(200);
        String requestId = created.path("RequestId");
        Map<String, Object> before = onlyEvent(requestId);
        assertTrue(before.containsKey("LeafIndex"), "LookupEvents names LeafIndex: " + before);
        assertNull(before.get("LeafIndex"), "not sequenced yet");

        LogProofs.sequence(auditor);
        Map<String, Object> after = onlyEvent(requestId);
        assertNotNull(after.get("LeafIndex"));
        LogProofs.assertIncluded(auditor, after);
        SignedClient.call(auditor, "GetAuditInclusionProof", Map.of("EventId", after.get("eventId"))).send().then()
                .statusCode(200).body("LeafIndex", equalTo(((Number) after.get("LeafIndex")).intValue()));
    }

    @Test
    void goAcceptsOurCheckpointsAndBothKindsOfProofsUnchanged() throws Exception {
        String unavailable = GoTlogCheck.unavailable();
        Assumptions.assumeTrue(unavailable == null, unavailable);
        long first = LogProofs.sequence(auditor);
        Fixtures.admin("CreateGroup", Map.of("GroupName", Fixtures.unique("group"))).then().statusCode(200);
        long second = LogProofs.sequence(auditor);
        String firstNote = SignedClient.call(auditor, "GetAuditCheckpoint", Map.of("TreeSize", first)).send()
                .path("Checkpoint");
        String secondNote = SignedClient.call(auditor, "GetAuditCheckpoint", Map.of("TreeSize", second)).send()
                .path("Checkpoint");
        StringBuilder json = new StringBuilder("{\"verifierKey\":")
                .append(GoTlogCheck.quote(LogProofs.noteKey(auditor).format()))
                .append(",\"leaves\":").append(GoTlogCheck.base64Array(leaves(second)))
                .append(",\"checkpoints\":[").append(GoTlogCheck.quote(firstNote)).append(',')
                .append(GoTlogCheck.quote(secondNote)).append("],\"inclusion\":[");
        for (long index : new long[] {0, first - 1, second - 1}) {
            Response proof = SignedClient.call(auditor, "GetAuditInclusionProof", Map.of("LeafIndex", index)).send();
            proof.then().statusCode(200);
            json.append(index == 0 ? "" : ",").append("{\"checkpoint\":1,\"index\":").append(index)
                    .append(",\"proof\":").append(GoTlogCheck.base64Array(LogProofs.hashes(proof.path("Hashes"))))
                    .append('}');
        }
        Response consistency = SignedClient.call(auditor, "GetAuditConsistencyProof",
                Map.of("FirstTreeSize", first, "SecondTreeSize", second)).send();
        consistency.then().statusCode(200);
        json.append("],\"consistency\":[{\"old\":0,\"new\":1,\"proof\":")
                .append(GoTlogCheck.base64Array(LogProofs.hashes(consistency.path("Hashes")))).append("}],\"tiles\":[]}");

        GoTlogCheck.Result result = GoTlogCheck.run(json.toString());
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().startsWith("verified 2 checkpoints, 3 inclusion proofs, 1 consistency proofs"),
                result.output());

        // and refuses the same with the newer checkpoint's size changed (its signature no longer holds)
        String tampered = json.toString().replace(GoTlogCheck.quote(secondNote), GoTlogCheck.quote(
                secondNote.replaceFirst("\n" + second + "\n", "\n" + (second - 1) + "\n")));
        GoTlogCheck.Result refused = GoTlogCheck.run(tampered);
        assertEquals(1, refused.exitCode(), refused.output());
        assertTrue(refused.output().startsWith("checkpoint 1: note.Open"), refused.output());
    }

    @Test
    void refusesSizesAndIndexesOutOfRangeWithA4xx() {
        long size = LogProofs.sequence(auditor);
        expect400("GetAuditCheckpoint", Map.of("TreeSize", size + 1000), "TreeSize");
        expect400("GetAuditCheckpoint", Map.of("TreeSize", 0), "TreeSize");
        expect400("GetAuditInclusionProof", Map.of("LeafIndex", size), "LeafIndex");
        expect400("GetAuditInclusionProof", Map.of("LeafIndex", -1), "LeafIndex");
        expect400("GetAuditInclusionProof", Map.of("LeafIndex", 0, "TreeSize", size + 1), "TreeSize");
        expect400("GetAuditConsistencyProof", Map.of("FirstTreeSize", size + 1), "FirstTreeSize");
        expect400("GetAuditConsistencyProof", Map.of("FirstTreeSize", 1, "SecondTreeSize", size + 5), "SecondTreeSize");
        expect400("VerifyAuditTrail", Map.of("TreeSize", size + 1000), "TreeSize");
        SignedClient.call(auditor, "GetAuditInclusionProof", Map.of("EventId", "00000000-0000-4000-8000-000000000000"))
                .send().then().statusCode(404).body("Code", equalTo("InvalidEventId.NotFound"));
        SignedClient.call(auditor, "GetAuditInclusionProof", Map.of()).send().then().statusCode(400)
                .body("Code", equalTo("MissingParameter"));
        SignedClient.call(auditor, "GetAuditConsistencyProof", Map.of()).send().then().statusCode(400)
                .body("Code", equalTo("MissingParameter"));
    }

    @Test
    void aNulInARefusedLookupIsRecordedAndVerificationStillPasses() {
        Identity stranger = Fixtures.userWithPolicy("stranger", null);
        Response refused = SignedClient.call(stranger, "LookupEvents", Map.of("StartTime", "\u0000", "EndTime", "x"))
                .send();
        refused.then().statusCode(403).body("Code", equalTo("Forbidden.RAM"));
        LogProofs.sequence(auditor);
        Map<String, Object> recorded = onlyEvent(refused.path("RequestId"));
        assertEquals("Denied", recorded.get("outcome"));
        assertEquals(Map.of("StartTime", "\u0000", "EndTime", "x"), withoutNulls(recorded.get("requestParameters")));
        LogProofs.assertIncluded(auditor, recorded);
        SignedClient.call(auditor, "VerifyAuditTrail", Map.of()).send().then().statusCode(200)
                .body("Verified", equalTo(true)).body("Reason", equalTo(null));
    }

    @Test
    void aRowWithoutAValidTagIsNotIntegratedAndRaisesAnAlarm() {
        TrailSnapshot snapshot = TrailSnapshot.from(dataSource, 1);
        try {
            double alarmsBefore = rejectedMetric();
            String forgedRequest = Fixtures.unique("forged");
            // someone who can INSERT into the audit tables, but has not the tag key, appends a plausible event
            TrailSnapshot.owner(dataSource, """
                    WITH e AS (INSERT INTO audit_event (event_id, event_time, event_name, phase, outcome, request_id,
                        body, tag, tag_key_id)
                    VALUES (gen_random_uuid(), now(), 'ModifyInstanceTDE', 'single', 'Succeeded', '%s',
                        '{"eventName":"ModifyInstanceTDE","requestId":"%s"}', 'AAAA', 'hmac:0000000000000000')
                    RETURNING seq) INSERT INTO audit_pending SELECT seq FROM e""".formatted(forgedRequest, forgedRequest));
            long forgedSeq = TrailSnapshot.number(dataSource,
                    "SELECT seq FROM audit_event WHERE request_id = '" + forgedRequest + "'");
            LogProofs.sequence(auditor);

            assertEquals(0, TrailSnapshot.number(dataSource, "SELECT count(*) FROM audit_leaf WHERE seq = " + forgedSeq));
            assertEquals(0, TrailSnapshot.number(dataSource, "SELECT count(*) FROM audit_pending WHERE seq = " + forgedSeq));
            List<Map<String, Object>> found = alarmsFor(forgedSeq);
            assertEquals(1, found.size(), found.toString());
            Map<String, Object> alarm = found.get(0);
            assertEquals("AuditEvent.TagMismatch", alarm.get("errorCode"));
            assertNotNull(alarm.get("LeafIndex"), "the alarm itself is in the log");
            assertEquals(alarmsBefore + 1, rejectedMetric());
            SignedClient.call(auditor, "VerifyAuditTrail", Map.of()).send().then().statusCode(200)
                    .body("Verified", equalTo(true));
        } finally {
            snapshot.restore();
        }
    }

    @Test
    void aRowWrittenWithoutItsQueueRowIsFoundAlarmedOnceAndRefusedWithoutAValidTag() {
        TrailSnapshot snapshot = TrailSnapshot.from(dataSource, 1);
        try {
            double unqueuedBefore = metric("tdeguard_audit_unqueued_events_total");
            double rejectedBefore = rejectedMetric();
            String forgedRequest = Fixtures.unique("unqueued");
            // a writer with INSERT but without the tag key stores an event and no queue row for it
            TrailSnapshot.owner(dataSource, """
                    INSERT INTO audit_event (event_id, event_time, event_name, phase, outcome, request_id, body, tag,
                        tag_key_id)
                    VALUES (gen_random_uuid(), now(), 'ModifyInstanceTDE', 'single', 'Succeeded', '%s',
                        '{"eventName":"ModifyInstanceTDE","requestId":"%s"}', 'AAAA', 'hmac:0000000000000000')"""
                    .formatted(forgedRequest, forgedRequest));
            long forgedSeq = TrailSnapshot.number(dataSource,
                    "SELECT seq FROM audit_event WHERE request_id = '" + forgedRequest + "'");
            LogProofs.sequence(auditor);
            LogProofs.sequence(auditor); // a second sweep finds the alarm and does not raise another

            assertEquals(0, TrailSnapshot.number(dataSource, "SELECT count(*) FROM audit_leaf WHERE seq = " + forgedSeq));
            List<Map<String, Object>> alarms = alarmsFor(forgedSeq);
            assertEquals(List.of("AuditEvent.NotQueued", "AuditEvent.TagMismatch"),
                    alarms.stream().map(alarm -> alarm.get("errorCode")).sorted().toList(), alarms.toString());
            assertEquals(unqueuedBefore + 1, metric("tdeguard_audit_unqueued_events_total"));
            assertEquals(rejectedBefore + 1, rejectedMetric());
            SignedClient.call(auditor, "VerifyAuditTrail", Map.of()).send().then().statusCode(200)
                    .body("Verified", equalTo(true));
        } finally {
            snapshot.restore();
        }
    }

    @Test
    void anEventWhoseQueueRowWasDeletedIsAlarmedAndStillTakenIntoTheLog() {
        TrailSnapshot snapshot = TrailSnapshot.from(dataSource, 1);
        try {
            double unqueuedBefore = metric("tdeguard_audit_unqueued_events_total");
            String group = Fixtures.unique("group");
            Response created = Fixtures.admin("CreateGroup", Map.of("GroupName", group));
            created.then().statusCode(200);
            String requestId = created.path("RequestId");
            long seq = TrailSnapshot.number(dataSource,
                    "SELECT seq FROM audit_event WHERE request_id = '" + requestId + "'");
            // the application's role may DELETE from the queue (the sequencer does): someone hides an event this way
            TrailSnapshot.owner(dataSource, "DELETE FROM audit_pending WHERE seq = " + seq);
            LogProofs.sequence(auditor);

            assertEquals(1, TrailSnapshot.number(dataSource, "SELECT count(*) FROM audit_leaf WHERE seq = " + seq));
            List<Map<String, Object>> alarms = alarmsFor(seq);
            assertEquals(1, alarms.size(), alarms.toString());
            assertEquals("AuditEvent.NotQueued", alarms.get(0).get("errorCode"));
            assertEquals(unqueuedBefore + 1, metric("tdeguard_audit_unqueued_events_total"));
            LogProofs.assertIncluded(auditor, onlyEvent(requestId));
        } finally {
            snapshot.restore();
        }
    }

    /** The sequencer's alarms that name this seq. */
    private List<Map<String, Object>> alarmsFor(long seq) {
        Response alarms = SignedClient.call(auditor, "LookupEvents", Fixtures.recent(Map.of("EventName",
                "AuditEventRejected", "MaxResults", 100))).send();
        alarms.then().statusCode(200);
        List<Map<String, Object>> found = alarms.path("Events");
        return found.stream().filter(event -> ((Number) ((Map<?, ?>) event.get("requestParameters")).get("Seq"))
                .longValue() == seq).toList();
    }

    @Test
    void refusesTheNewFunctionsToAUserWithoutTheirActions() {
        Identity stranger = Fixtures.userWithPolicy("stranger", null);
        for (String action : List.of("GetAuditCheckpoint", "GetAuditInclusionProof", "GetAuditConsistencyProof")) {
            SignedClient.call(stranger, action, Map.of()).send().then().statusCode(403)
                    .body("Code", equalTo("Forbidden.RAM"));
        }
    }

    private void expect400(String action, Map<String, ?> body, String parameter) {
        SignedClient.call(auditor, action, body).send().then().statusCode(400)
                .body("Code", equalTo("InvalidParameter")).body("Message", startsWith("the parameter \"" + parameter));
    }

    private Map<String, Object> onlyEvent(String requestId) {
        Response found = SignedClient.call(auditor, "LookupEvents", Fixtures.recent(Map.of("RequestId", requestId)))
                .send();
        found.then().statusCode(200);
        List<Map<String, Object>> events = found.path("Events");
        assertEquals(1, events.size(), events.toString());
        return events.get(0);
    }

    private static Map<String, Object> withoutNulls(Object parameters) {
        Map<String, Object> kept = new java.util.LinkedHashMap<>();
        ((Map<?, ?>) parameters).forEach((k, v) -> {
            if (v != null) {
                kept.put((String) k, v);
            }
        });
        return kept;
    }

    private List<byte[]> leaves(long size) throws Exception {
        List<byte[]> leaves = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(
                "SELECT e.body FROM audit_leaf l JOIN audit_event e ON e.seq = l.seq WHERE l.leaf_index < ? ORDER BY l.leaf_index")) {
            statement.setLong(1, size);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    leaves.add(result.getString(1).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(size, leaves.size());
        return leaves;
    }

    private static double rejectedMetric() {
        return metric("tdeguard_audit_rejected_events_total");
    }

    private static double metric(String name) {
        String metrics = RestAssured.get("/q/metrics").asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
