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
import io.tdeguard.audit.offline.VerifyExportRunner;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.LogProofs;
import io.tdeguard.support.SignedClient;
import io.tdeguard.support.TrailSnapshot;

/**
 * The database owner bypasses the append-only triggers and tampers with the log: VerifyAuditTrail, recomputing the
 * log from the stored bytes, names the leaf where it first breaks and why; the offline verifier, given an export and
 * the checkpoint the auditor kept, reveals what the database hides from itself.
 */
@QuarkusTest
class TamperEvidenceTest {

    @Inject
    DataSource dataSource;

    @TempDir
    Path directory;

    Identity auditor;
    TrailSnapshot snapshot;
    long firstSize;
    long treeSize;

    @BeforeEach
    void aLogWithTwoCheckpoints() {
        auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);
        for (int i = 0; i < 5; i++) {
            Fixtures.admin("CreateGroup", Map.of("GroupName", Fixtures.unique("group"))).then().statusCode(200);
        }
        firstSize = LogProofs.sequence(auditor);
        Fixtures.admin("CreateGroup", Map.of("GroupName", Fixtures.unique("group"))).then().statusCode(200);
        treeSize = LogProofs.sequence(auditor);
        snapshot = TrailSnapshot.from(dataSource, 1);
    }

    @AfterEach
    void restoreTheLog() {
        snapshot.restore();
        verify().then().statusCode(200).body("Verified", equalTo(true));
    }

    @Test
    void verifiesTheUntouchedLog() {
        Response verified = verify();
        verified.then().statusCode(200).body("Verified", equalTo(true)).body("FirstBrokenLeafIndex", equalTo(null))
                .body("Reason", equalTo(null));
        assertTrue(((Number) verified.path("CheckedCheckpoints")).longValue() >= 2);
        assertTrue(((Number) verified.path("CheckedEvents")).longValue() >= treeSize);
        assertEquals(verified.<Number>path("TreeSize").longValue(), verified.<Number>path("CheckedEvents").longValue());
    }

    @Test
    void namesTheLeafOfAnEventWhoseBytesTheOwnerChanged() {
        long leaf = treeSize - 3;
        owner("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update",
                "UPDATE audit_event SET body = replace(body, '\"eventRW\":\"Write\"', '\"eventRW\":\"Read\"') "
                        + "WHERE seq = " + seqOf(leaf),
                "ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update");
        verify().then().statusCode(200).body("Verified", equalTo(false)).body("Reason", equalTo("TagMismatch"))
                .body("FirstBrokenLeafIndex", equalTo((int) leaf)).body("CheckedEvents", equalTo((int) leaf));
    }

    @Test
    void namesTheLeafWhoseQueryColumnsTheOwnerRewrote() {
        long leaf = treeSize - 2;
        owner("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update",
                "UPDATE audit_event SET user_name = 'somebody-else', event_name = 'DescribeApproval' WHERE seq = "
                        + seqOf(leaf),
                "ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update");
        verify().then().statusCode(200).body("Verified", equalTo(false)).body("Reason", equalTo("ColumnMismatch"))
                .body("FirstBrokenLeafIndex", equalTo((int) leaf))
                .body("ReasonDetail", startsWith("the query column "));
    }

    @Test
    void namesTheLeafOfAnEventDeletedInTheMiddle() {
        long leaf = treeSize - 4;
        owner("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_delete",
                "DELETE FROM audit_event WHERE seq = " + seqOf(leaf),
                "ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_delete");
        verify().then().statusCode(200).body("Verified", equalTo(false)).body("Reason", equalTo("EventMissing"))
                .body("FirstBrokenLeafIndex", equalTo((int) leaf));
    }

    @Test
    void findsTheEventOfALeafFarFromItsNeighboursInSeq() {
        // as if the event had committed long after the events around it: its leaf's chunk spans a million seqs,
        // so its events are looked up by their seqs rather than scanned over the span
        long leaf = treeSize - 2;
        long far = TrailSnapshot.number(dataSource, "SELECT max(seq) FROM audit_event") + 1_000_000;
        owner("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update",
                "ALTER TABLE audit_leaf DISABLE TRIGGER audit_leaf_no_update",
                "UPDATE audit_event SET seq = " + far + " WHERE seq = " + seqOf(leaf),
                "UPDATE audit_leaf SET seq = " + far + " WHERE leaf_index = " + leaf,
                "ALTER TABLE audit_leaf ENABLE TRIGGER audit_leaf_no_update",
                "ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update");
        verify().then().statusCode(200).body("Verified", equalTo(true));
        owner("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update",
                "UPDATE audit_event SET body = body || ' ' WHERE seq = " + far,
                "ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update");
        verify().then().statusCode(200).body("Verified", equalTo(false)).body("Reason", equalTo("TagMismatch"))
                .body("FirstBrokenLeafIndex", equalTo((int) leaf));
    }

    @Test
    void revealsSwappedLeavesThroughTheSignedCheckpoint() {
        long a = treeSize - 3;
        long b = treeSize - 2;
        long seqA = seqOf(a);
        long seqB = seqOf(b);
        owner("ALTER TABLE audit_leaf DISABLE TRIGGER audit_leaf_no_update",
                "UPDATE audit_leaf SET seq = -1 WHERE leaf_index = " + a,
                "UPDATE audit_leaf SET seq = " + seqA + " WHERE leaf_index = " + b,
                "UPDATE audit_leaf SET seq = " + seqB + " WHERE leaf_index = " + a,
                "ALTER TABLE audit_leaf ENABLE TRIGGER audit_leaf_no_update");
        // the leaves are each intact and tagged: only the root of the first checkpoint over them shows the swap
        Response verified = verify();
        verified.then().statusCode(200).body("Verified", equalTo(false)).body("Reason", equalTo("CheckpointMismatch"));
        long reported = verified.<Number>path("FirstBrokenLeafIndex").longValue();
        assertTrue(reported >= a && reported < treeSize, "reported at " + reported);
    }

    @Test
    void reportsTruncationWhenTheNewestLeavesAreDeleted() {
        long keep = treeSize - 3;
        owner("ALTER TABLE audit_leaf DISABLE TRIGGER audit_leaf_no_delete",
                "DELETE FROM audit_leaf WHERE leaf_index >= " + keep,
                "ALTER TABLE audit_leaf ENABLE TRIGGER audit_leaf_no_delete");
        verify().then().statusCode(200).body("Verified", equalTo(false))
                .body("Reason", equalTo("HeadBehindCheckpoint")).body("FirstBrokenLeafIndex", equalTo((int) keep));
    }

    @Test
    void reportsACheckpointTheOwnerForged() {
        owner("ALTER TABLE audit_tree_head DISABLE TRIGGER audit_tree_head_no_update",
                "UPDATE audit_tree_head SET note = replace(note, E'\\n" + treeSize + "\\n', E'\\n" + (treeSize + 1)
                        + "\\n'), tree_size = tree_size + 1 WHERE tree_size = " + treeSize,
                "ALTER TABLE audit_tree_head ENABLE TRIGGER audit_tree_head_no_update");
        verify().then().statusCode(200).body("Verified", equalTo(false))
                .body("Reason", equalTo("BadCheckpointSignature"));
    }

    @Test
    void reportsAHashTileTheOwnerChanged() {
        owner("ALTER TABLE audit_tile DISABLE TRIGGER audit_tile_no_update",
                "UPDATE audit_tile SET hashes = decode(repeat('ff', 32 * width), 'hex')",
                "ALTER TABLE audit_tile ENABLE TRIGGER audit_tile_no_update");
        verify().then().statusCode(200).body("Verified", equalTo(false)).body("Reason", equalTo("TileMismatch"));
    }

    @Test
    void anExportVerifiesOfflineAgainstACheckpointTheAuditorKept() throws Exception {
        Path kept = keep(treeSize);
        Offline offline = exportAndVerifyOffline("--checkpoints", kept.toString());
        assertEquals(0, offline.status(), offline.output());
        assertTrue(offline.output().contains("Verified: true\nTreeSize: " + treeSize + "\n"), offline.output());
        Offline selfAnchored = exportAndVerifyOffline();
        assertEquals(4, selfAnchored.status(), selfAnchored.output());
    }

    @Test
    void aTruncationTheDatabaseHidesIsRevealedOfflineByTheKeptCheckpoint() throws Exception {
        Path kept = keep(treeSize);
        // the owner cuts the log back to its first checkpoint, leaves and checkpoints alike
        owner("ALTER TABLE audit_leaf DISABLE TRIGGER audit_leaf_no_delete",
                "DELETE FROM audit_leaf WHERE leaf_index >= " + firstSize,
                "ALTER TABLE audit_leaf ENABLE TRIGGER audit_leaf_no_delete",
                "ALTER TABLE audit_tree_head DISABLE TRIGGER audit_tree_head_no_delete",
                "DELETE FROM audit_tree_head WHERE tree_size > " + firstSize,
                "ALTER TABLE audit_tree_head ENABLE TRIGGER audit_tree_head_no_delete");
        verify().then().statusCode(200).body("Verified", equalTo(true)); // consistent with itself, online
        Offline offline = exportAndVerifyOffline("--checkpoints", kept.toString());
        assertEquals(3, offline.status(), offline.output());
        assertTrue(offline.output().contains("NotCovered: kept checkpoints of tree sizes [" + treeSize + "]"),
                offline.output());
    }

    @Test
    void oneEventVerifiesOfflineWithItsInclusionProofAndTheKeptCheckpoint() throws Exception {
        Path kept = keep(treeSize);
        Response proof = SignedClient.call(auditor, "GetAuditInclusionProof", Map.of("LeafIndex", firstSize - 1,
                "TreeSize", treeSize)).send();
        proof.then().statusCode(200);
        Path file = directory.resolve("proof.json");
        Files.write(file, proof.asByteArray());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = VerifyExportRunner.run(new PrintStream(out, true, StandardCharsets.UTF_8), "--note-key",
                LogProofs.noteKey(auditor).format(), "--checkpoints", kept.toString(), "--inclusion-proof",
                file.toString());
        assertEquals(0, status, out.toString(StandardCharsets.UTF_8));
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

    @Test
    void publishesTheKeysThatVerifyTheCheckpoints() {
        SignedClient.call(auditor, "DescribeAuditPublicKey", Map.of()).send().then().statusCode(200)
                .body("Algorithm", equalTo("Ed25519")).body("KeyId", equalTo("ed25519:2d2a4e7b3df1da84"))
                .body("PublicKey", equalTo("MCowBQYDK2VwAyEAxEls/Hg9OocdI6gAYy2KWpKHfd8hVYe028LmEELkoGI="))
                .body("PublicKeyPem", startsWith("-----BEGIN PUBLIC KEY-----\n"))
                .body("Origin", equalTo("tdeguard/1234567890123456/audit"))
                .body("NoteVerifierKey", startsWith("tdeguard/1234567890123456/audit+"));
    }

    /** GetAuditCheckpoint's answer, saved as the auditor keeps it. */
    private Path keep(long size) throws Exception {
        Response checkpoint = SignedClient.call(auditor, "GetAuditCheckpoint", Map.of("TreeSize", size)).send();
        checkpoint.then().statusCode(200);
        Path file = directory.resolve("kept-" + size + ".json");
        Files.write(file, checkpoint.asByteArray());
        return file;
    }

    record Offline(int status, String output) {
    }

    /** The auditor's two commands: export over HTTP, then verify the file with only the note key (and kept ones). */
    private Offline exportAndVerifyOffline(String... options) throws Exception {
        Response export = SignedClient.call(auditor, "ExportAuditTrail", Map.of()).send();
        export.then().statusCode(200).header("Content-Type", startsWith("application/x-ndjson"));
        Path file = directory.resolve("export-" + System.nanoTime() + ".jsonl");
        Files.write(file, export.asByteArray());
        List<String> args = new java.util.ArrayList<>(List.of("--note-key", LogProofs.noteKey(auditor).format()));
        args.addAll(List.of(options));
        args.add(file.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = VerifyExportRunner.run(new PrintStream(out, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
        return new Offline(status, out.toString(StandardCharsets.UTF_8));
    }

    private long seqOf(long leafIndex) {
        return TrailSnapshot.number(dataSource, "SELECT seq FROM audit_leaf WHERE leaf_index = " + leafIndex);
    }

    private void owner(String... sql) {
        TrailSnapshot.owner(dataSource, sql);
    }

    private Response verify() {
        return SignedClient.call(auditor, "VerifyAuditTrail", Map.of()).send();
    }
}
