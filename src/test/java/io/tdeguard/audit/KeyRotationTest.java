package io.tdeguard.audit;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tdeguard.audit.tlog.NoteException;
import io.tdeguard.audit.tlog.SignedNote;
import io.tdeguard.audit.tlog.VerifierKey;
import io.tdeguard.config.TdeGuardConfig;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.LogProofs;
import io.tdeguard.support.SignedClient;
import io.tdeguard.support.TrailSnapshot;

/**
 * Both keys rotated: the function now tags with a new HMAC key and signs with a new Ed25519 key, and lists the
 * test profile's keys as retired. Events tagged and checkpoints signed before the rotation (written here by the
 * sequencer as it ran with the old keys) and after it make one log that VerifyAuditTrail verifies whole.
 */
@QuarkusTest
@TestProfile(KeyRotationTest.RotatedKeys.class)
class KeyRotationTest {

    static final String OLD_TAG_KEY = "dGVzdC1vbmx5LWF1ZGl0LXRhZy1rZXktMzItYnl0ZXMhIQ==";
    static final String OLD_PRIVATE_KEY = "MC4CAQAwBQYDK2VwBCIEIHKPNMB/MFnGs0lmhdxME+UO0XNfa/Euf0I0tGm4TfqI";
    static final String OLD_NOTE_KEY = "tdeguard/1234567890123456/audit+49ea0636+AcRJbPx4PTqHHSOoAGMtilqSh33fIVWHtNvC5hBC5KBi";
    static final String NEW_NOTE_KEY = "tdeguard/1234567890123456/audit+a36e7345+AVPyKnYnFQ6JBG98lIFmyhNcF8AEMuBy2v9cXyAIplYU";

    /** New keys for both; the test profile's as retired. */
    public static class RotatedKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "tdeguard.audit.tag.key", "dGVzdC1vbmx5LXJvdGF0ZWQtYXVkaXQtdGFnLWtleS0zMi1ieXRlcyE=",
                    "tdeguard.audit.tag.retired-keys", OLD_TAG_KEY,
                    "tdeguard.audit.checkpoint.private-key",
                    "MC4CAQAwBQYDK2VwBCIEIPakFSLV2sQje9xlf520zHLnc8kzcR0TTm0yKUMJh8+v",
                    "tdeguard.audit.checkpoint.retired-keys", OLD_NOTE_KEY);
        }
    }

    @Inject
    DataSource dataSource;
    @Inject
    EntityManager entityManager;
    @Inject
    LogStore store;
    @Inject
    LogSequencer sequencer;
    @Inject
    TdeGuardConfig config;
    @Inject
    AuditRows v1;

    TrailSnapshot snapshot;

    @BeforeEach
    void saveTheLog() {
        snapshot = TrailSnapshot.from(dataSource, 1);
    }

    @AfterEach
    void restoreTheLog() {
        snapshot.restore(); // the other profiles do not trust this profile's new keys
    }

    @Test
    void verifiesTheWholeLogAcrossTheRotationOfBothKeys() throws NoteException {
        sequencer.integrateAll(); // whatever earlier tests left waiting (tagged with the old key: it still verifies)
        long before = store.latestHead().map(LogStore.TreeHead::treeSize).orElse(0L);

        // the function as it ran before the rotation: old tag key, old checkpoint key
        AuditKeys oldKeys = new AuditKeys(OLD_TAG_KEY, List.of(), AuditKeys.defaultOrigin(config.accountId()),
                OLD_PRIVATE_KEY, List.of());
        AuditTrail oldTrail = new AuditTrail(entityManager, Clock.systemUTC(), oldKeys);
        LogSequencer oldSequencer = new LogSequencer(store, v1, oldKeys, oldTrail, config, Clock.systemUTC(),
                new SimpleMeterRegistry(), new ObjectMapper());
        String marker = Fixtures.unique("rotation");
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < 5; i++) {
                oldTrail.append(ConcurrentAppendTest.event(marker, 0, i));
            }
        });
        LogSequencer.Batch oldBatch = QuarkusTransaction.requiringNew().call(oldSequencer::integrateBatch);
        assertEquals(5, oldBatch.integrated());
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 5; i < 8; i++) {
                oldTrail.append(ConcurrentAppendTest.event(marker, 0, i)); // stored before, sequenced after
            }
        });

        // after the rotation
        Identity auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);
        long size = LogProofs.sequence(auditor);
        assertEquals(8, TrailSnapshot.number(dataSource, "SELECT count(*) FROM audit_leaf l JOIN audit_event e "
                + "ON e.seq = l.seq WHERE e.request_id LIKE '" + marker + "-%'"), "old-key events integrated");
        assertEquals(0, TrailSnapshot.number(dataSource, "SELECT count(*) FROM audit_event WHERE event_name = '"
                + LogSequencer.REJECTED + "' AND request_id LIKE 'sequencer-%' AND event_time > now() - interval '1 minute'"));

        List<String> signers = new ArrayList<>();
        for (LogStore.TreeHead head : store.heads(before + 1, size)) {
            signers.add(signer(head.note()));
        }
        assertTrue(signers.contains(OLD_NOTE_KEY), "a checkpoint by the retired key: " + signers);
        assertTrue(signers.contains(NEW_NOTE_KEY), "a checkpoint by the new key: " + signers);

        SignedClient.call(auditor, "VerifyAuditTrail", Map.of()).send().then().statusCode(200)
                .body("Verified", equalTo(true)).body("TreeSize", equalTo((int) size));
        SignedClient.call(auditor, "DescribeAuditPublicKey", Map.of()).send().then().statusCode(200)
                .body("NoteVerifierKey", equalTo(NEW_NOTE_KEY))
                .body("RetiredNoteVerifierKeys", contains(OLD_NOTE_KEY));
    }

    /** Which of the two keys signed a note. */
    private static String signer(String note) {
        for (String key : List.of(OLD_NOTE_KEY, NEW_NOTE_KEY)) {
            try {
                SignedNote.open(note, List.of(VerifierKey.parse(key)));
                return key;
            } catch (NoteException e) {
                // not this one
            }
        }
        return "neither";
    }
}
