package io.tdeguard.audit;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tdeguard.audit.chain.ChainHash;
import io.tdeguard.audit.offline.VerifyExportRunner;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;
import io.tdeguard.support.TrailSnapshot;

/**
 * The database owner bypasses the append-only triggers and tampers with the trail: VerifyAuditTrail (online) and
 * the offline verifier on an export (given only the export and the public key) both name where.
 */
@QuarkusTest
class TamperEvidenceTest {

    @Inject
    DataSource dataSource;

    @TempDir
    Path directory;

    Identity auditor;
    TrailSnapshot snapshot;

    @BeforeEach
    void aTrailWithACheckpoint() {
        auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);
        for (int i = 0; i < 5; i++) {
            Fixtures.admin("CreateGroup", Map.of("GroupName", Fixtures.unique("group"))).then().statusCode(200);
        }
    }

    @AfterEach
    void restoreTheTrail() {
        if (snapshot != null) {
            snapshot.restore();
        }
        verify(Map.of()).then().statusCode(200).body("Verified", equalTo(true));
    }

    @Test
    void verifiesTheUntouchedTrailOnlineAndOffline() {
        long checkpointSeq = checkpoint();
        Response verified = verify(Map.of());
        verified.then().statusCode(200).body("Verified", equalTo(true)).body("StartSeq", equalTo(1))
                .body("FirstBrokenSeq", equalTo(null)).body("Reason", equalTo(null));
        assertTrue(((Number) verified.path("CheckedCheckpoints")).longValue() >= 1);
        assertEquals(verified.<Integer>path("HeadSeq").longValue(), verified.<Integer>path("CheckedEvents").longValue());
        assertTrue(ChainHash.isWellFormedHash(verified.path("HeadHash")));

        Offline offline = exportAndVerifyOffline();
        assertEquals(0, offline.status, offline.output);
        assertTrue(offline.output.contains("Verified: true"), offline.output);
        assertTrue(offline.output.contains("CheckedCheckpoints: "), offline.output);
        assertTrue(checkpointSeq >= 1);
    }

    @Test
    void namesTheSeqOfAnEventWhoseFieldTheOwnerChanged() {
        checkpoint();
        long seq = head() - 2;
        snapshot = TrailSnapshot.from(dataSource, 1);
        TrailSnapshot.owner(dataSource,
                "ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update",
                "UPDATE audit_event SET body = replace(body, '\"eventRW\":\"Write\"', '\"eventRW\":\"Read\"') WHERE seq = " + seq,
                "ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update");

        verify(Map.of()).then().statusCode(200).body("Verified", equalTo(false))
                .body("FirstBrokenSeq", equalTo((int) seq)).body("Reason", equalTo("HashMismatch"))
                .body("CheckedEvents", equalTo((int) seq - 1))
                .body("ReasonDetail", startsWith("hash mismatch at seq " + seq));
        Offline offline = exportAndVerifyOffline();
        assertEquals(1, offline.status, offline.output);
        assertTrue(offline.output.contains("FirstBrokenSeq: " + seq + "\n"), offline.output);
        assertTrue(offline.output.contains("Reason: HashMismatch"), offline.output);
    }

    @Test
    void namesTheSeqOfAnEventWhoseQueryColumnsTheOwnerRewrote() {
        long seq = head() - 1;
        snapshot = TrailSnapshot.from(dataSource, 1);
        TrailSnapshot.owner(dataSource,
                "ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update",
                "UPDATE audit_event SET user_name = 'somebody-else', event_name = 'DescribeApproval' WHERE seq = " + seq,
                "ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update");

        verify(Map.of()).then().statusCode(200).body("Verified", equalTo(false))
                .body("FirstBrokenSeq", equalTo((int) seq)).body("Reason", equalTo("ColumnMismatch"))
                .body("ReasonDetail", startsWith("the query columns of seq " + seq));
    }

    @Test
    void reportsTheGapOfAnEventDeletedInTheMiddle() {
        long seq = head() - 3;
        snapshot = TrailSnapshot.from(dataSource, 1);
        TrailSnapshot.owner(dataSource,
                "ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_delete",
                "DELETE FROM audit_event WHERE seq = " + seq,
                "ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_delete");

        verify(Map.of()).then().statusCode(200).body("Verified", equalTo(false))
                .body("FirstBrokenSeq", equalTo((int) seq)).body("Reason", equalTo("SeqGap"));
        Offline offline = exportAndVerifyOffline();
        assertEquals(1, offline.status, offline.output);
        assertTrue(offline.output.contains("FirstBrokenSeq: " + seq + "\n"), offline.output);
        assertTrue(offline.output.contains("Reason: SeqGap"), offline.output);
    }

    @Test
    void reportsTruncationWhenTheNewestEventsAfterACheckpointAreDeleted() {
        long checkpointSeq = checkpoint();
        long keep = checkpointSeq - 3; // seq keep+1 .. head are deleted, the checkpointed one among them
        snapshot = TrailSnapshot.from(dataSource, 1);
        TrailSnapshot.owner(dataSource,
                "ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_delete",
                "DELETE FROM audit_event WHERE seq > " + keep,
                "ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_delete");

        verify(Map.of()).then().statusCode(200).body("Verified", equalTo(false))
                .body("Reason", equalTo("HeadBehindCheckpoint"))
                .body("FirstBrokenSeq", equalTo((int) keep + 1)).body("HeadSeq", equalTo((int) keep));
        // The VerifyAuditTrail call was itself appended, at seq keep + 1: the export sees one event more.
        Offline offline = exportAndVerifyOffline();
        assertEquals(1, offline.status, offline.output);
        assertTrue(offline.output.contains("Reason: HeadBehindCheckpoint"), offline.output);
        assertTrue(offline.output.contains("FirstBrokenSeq: " + (keep + 2) + "\n"), offline.output);
    }

    @Test
    void revealsHistoryRewrittenWithRecomputedHashesThroughTheCheckpoint() {
        long checkpointSeq = checkpoint();
        long seq = checkpointSeq - 2;
        snapshot = TrailSnapshot.from(dataSource, 1);
        rewriteFrom(seq);

        verify(Map.of()).then().statusCode(200).body("Verified", equalTo(false))
                .body("Reason", equalTo("CheckpointMismatch")).body("FirstBrokenSeq", equalTo((int) checkpointSeq));
        Offline offline = exportAndVerifyOffline();
        assertEquals(1, offline.status, offline.output);
        assertTrue(offline.output.contains("Reason: CheckpointMismatch"), offline.output);
        assertTrue(offline.output.contains("FirstBrokenSeq: " + checkpointSeq + "\n"), offline.output);
        // the function does not sign a checkpoint over a trail that does not verify
        SignedClient.call(auditor, "CreateAuditCheckpoint", Map.of()).send().then().statusCode(409)
                .body("Code", equalTo("AuditTrail.Broken"));
    }

    @Test
    void reportsACheckpointTheOwnerForged() {
        long checkpointSeq = checkpoint();
        snapshot = TrailSnapshot.from(dataSource, 1);
        TrailSnapshot.owner(dataSource,
                "ALTER TABLE audit_checkpoint DISABLE TRIGGER audit_checkpoint_no_update",
                "UPDATE audit_checkpoint SET checkpoint_time = checkpoint_time + interval '1 hour' WHERE seq = " + checkpointSeq,
                "ALTER TABLE audit_checkpoint ENABLE TRIGGER audit_checkpoint_no_update");

        verify(Map.of()).then().statusCode(200).body("Verified", equalTo(false))
                .body("Reason", equalTo("BadCheckpointSignature")).body("FirstBrokenSeq", equalTo((int) checkpointSeq));
        Offline offline = exportAndVerifyOffline();
        assertEquals(1, offline.status, offline.output);
        assertTrue(offline.output.contains("Reason: BadCheckpointSignature"), offline.output);
    }

    @Test
    void verifiesARangeAndRefusesAnInvertedOne() {
        long head = head();
        verify(Map.of("StartSeq", head - 3, "EndSeq", head - 1)).then().statusCode(200)
                .body("Verified", equalTo(true)).body("CheckedEvents", equalTo(3)).body("HeadSeq", equalTo((int) head - 1));
        verify(Map.of("StartSeq", 5, "EndSeq", 4)).then().statusCode(400).body("Code", equalTo("InvalidParameter"));
    }

    @Test
    void publishesThePublicKeyThatVerifiesTheCheckpoints() {
        Response key = SignedClient.call(auditor, "DescribeAuditPublicKey", Map.of()).send();
        key.then().statusCode(200).body("Algorithm", equalTo("Ed25519"))
                .body("KeyId", equalTo("ed25519:2d2a4e7b3df1da84"))
                .body("PublicKey", equalTo("MCowBQYDK2VwAyEAxEls/Hg9OocdI6gAYy2KWpKHfd8hVYe028LmEELkoGI="))
                .body("PublicKeyPem", startsWith("-----BEGIN PUBLIC KEY-----\n"));
    }

    @Test
    void refusesTheAuditFunctionsToAUserWithoutTheirActions() {
        Identity stranger = Fixtures.userWithPolicy("stranger", null);
        for (String action : List.of("VerifyAuditTrail", "CreateAuditCheckpoint", "DescribeAuditPublicKey",
                "ExportAuditTrail")) {
            SignedClient.call(stranger, action, Map.of()).send().then().statusCode(403)
                    .body("Code", equalTo("Forbidden.RAM"));
        }
    }

    /** Rewrites the event at {@code seq} and recomputes every hash after it, as an owner hiding an edit would. */
    private void rewriteFrom(long seq) {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update");
            String prevHash;
            try (var result = statement.executeQuery("SELECT hash FROM audit_event WHERE seq = " + (seq - 1))) {
                result.next();
                prevHash = result.getString(1);
            }
            List<long[]> seqs = new java.util.ArrayList<>();
            List<String> bodies = new java.util.ArrayList<>();
            try (var result = statement.executeQuery("SELECT seq, body FROM audit_event WHERE seq >= " + seq + " ORDER BY seq")) {
                while (result.next()) {
                    seqs.add(new long[] { result.getLong(1) });
                    String body = result.getString(2);
                    bodies.add(result.getLong(1) == seq ? body.replace("\"eventRW\":\"Write\"", "\"eventRW\":\"Read\"") : body);
                }
            }
            try (var update = connection.prepareStatement("UPDATE audit_event SET body = ?, prev_hash = ?, hash = ? WHERE seq = ?")) {
                for (int i = 0; i < seqs.size(); i++) {
                    String hash = ChainHash.link(prevHash, bodies.get(i));
                    update.setString(1, bodies.get(i));
                    update.setString(2, prevHash);
                    update.setString(3, hash);
                    update.setLong(4, seqs.get(i)[0]);
                    update.executeUpdate();
                    prevHash = hash;
                }
            }
            statement.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long checkpoint() {
        Response created = SignedClient.call(auditor, "CreateAuditCheckpoint", Map.of()).send();
        created.then().statusCode(200).body("KeyId", equalTo("ed25519:2d2a4e7b3df1da84"));
        return ((Number) created.path("Seq")).longValue();
    }

    private long head() {
        return TrailSnapshot.number(dataSource, "SELECT MAX(seq) FROM audit_event");
    }

    private Response verify(Map<String, ?> range) {
        return SignedClient.call(auditor, "VerifyAuditTrail", range).send();
    }

    record Offline(int status, String output) {
    }

    /** The auditor's two commands: export over HTTP, then verify the file with only the public key. */
    private Offline exportAndVerifyOffline() {
        Response export = SignedClient.call(auditor, "ExportAuditTrail", Map.of()).send();
        export.then().statusCode(200).header("Content-Type", startsWith("application/x-ndjson"));
        Path file = directory.resolve("export-" + System.nanoTime() + ".jsonl");
        String publicKey = SignedClient.call(auditor, "DescribeAuditPublicKey", Map.of()).send().path("PublicKey");
        try {
            Files.write(file, export.asByteArray());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = VerifyExportRunner.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                "--public-key", publicKey, file.toString());
        return new Offline(status, out.toString(StandardCharsets.UTF_8));
    }
}
