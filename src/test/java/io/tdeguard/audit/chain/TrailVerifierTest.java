package io.tdeguard.audit.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.tdeguard.audit.chain.TrailVerification.Reason;

/** The chain and its checkpoints, verified together: each way a trail can be broken, reported at its seq. */
class TrailVerifierTest {

    static final CheckpointKeys.SigningKey KEY = CheckpointKeysTest.KEY;
    static final Map<String, PublicKey> TRUSTED = Map.of(KEY.keyId(), KEY.publicKey());
    static final Instant NOW = Instant.parse("2026-11-28T16:52:28.123Z");

    /** seq 1..n, each event {"n": seq}. */
    static List<ChainEntry> chain(int n) {
        List<ChainEntry> entries = new ArrayList<>();
        long seq = 0;
        String hash = ChainHash.GENESIS;
        for (int i = 1; i <= n; i++) {
            ChainEntry entry = ChainAppender.append(seq, hash, Map.of("n", i));
            entries.add(entry);
            seq = entry.seq();
            hash = entry.hash();
        }
        return entries;
    }

    static Checkpoint checkpointOf(List<ChainEntry> entries, long seq) {
        return KEY.sign(seq, entries.get((int) seq - 1).hash(), NOW);
    }

    static TrailVerification verify(List<ChainEntry> entries, List<Checkpoint> checkpoints) {
        return TrailVerifier.verify(1, ChainHash.GENESIS, entries, checkpoints.iterator(), TRUSTED);
    }

    @Test
    void verifiesAnIntactTrailAndCountsItsCheckpoints() {
        List<ChainEntry> entries = chain(10);
        TrailVerification result = verify(entries, List.of(checkpointOf(entries, 3), checkpointOf(entries, 3),
                checkpointOf(entries, 10)));
        assertTrue(result.verified(), result.toString());
        assertEquals(10, result.checkedEvents());
        assertEquals(3, result.checkedCheckpoints());
        assertEquals(10, result.headSeq());
        assertEquals(entries.get(9).hash(), result.headHash());
        assertNull(result.firstBrokenSeq());
    }

    @Test
    void reportsAnEditedEventAtItsSeq() {
        List<ChainEntry> entries = chain(10);
        ChainEntry edited = entries.get(4);
        entries.set(4, new ChainEntry(5, edited.canonicalEventJson().replace("5", "6"), edited.prevHash(), edited.hash()));
        TrailVerification result = verify(entries, List.of(checkpointOf(entries, 10)));
        assertBroken(result, 5, Reason.HashMismatch);
        assertEquals(4, result.checkedEvents());
    }

    @Test
    void reportsADeletedEventAsAGap() {
        List<ChainEntry> entries = chain(10);
        entries.remove(6);
        assertBroken(verify(entries, List.of()), 7, Reason.SeqGap);
    }

    @Test
    void reportsATruncatedTailBehindACheckpoint() {
        List<ChainEntry> entries = chain(10);
        Checkpoint at8 = checkpointOf(entries, 8);
        TrailVerification result = verify(entries.subList(0, 6), List.of(checkpointOf(entries, 3), at8));
        assertBroken(result, 7, Reason.HeadBehindCheckpoint);
        assertEquals(6, result.checkedEvents());
        assertEquals(1, result.checkedCheckpoints());
        assertEquals(6, result.headSeq());
    }

    @Test
    void reportsEverythingDeletedBehindACheckpoint() {
        List<ChainEntry> entries = chain(3);
        TrailVerification result = verify(List.of(), List.of(checkpointOf(entries, 2)));
        assertBroken(result, 1, Reason.HeadBehindCheckpoint);
        assertEquals(ChainHash.GENESIS, result.headHash());
    }

    @Test
    void reportsHistoryRewrittenWithRecomputedHashes() {
        List<ChainEntry> original = chain(10);
        Checkpoint at7 = checkpointOf(original, 7);
        // seq 5 replaced, and every hash after it recomputed: the chain itself verifies
        List<ChainEntry> rewritten = new ArrayList<>(original.subList(0, 4));
        long seq = 4;
        String hash = original.get(3).hash();
        for (int i = 5; i <= 10; i++) {
            ChainEntry entry = ChainAppender.append(seq, hash, Map.of("n", i == 5 ? 500 : i));
            rewritten.add(entry);
            seq = entry.seq();
            hash = entry.hash();
        }
        assertTrue(verify(rewritten, List.of()).verified());
        assertBroken(verify(rewritten, List.of(checkpointOf(original, 3), at7)), 7, Reason.CheckpointMismatch);
    }

    @Test
    void reportsAForgedOrAlteredCheckpoint() {
        List<ChainEntry> entries = chain(10);
        Checkpoint good = checkpointOf(entries, 4);
        Checkpoint movedOn = new Checkpoint(6, entries.get(5).hash(), good.time(), good.keyId(), good.signature());
        assertBroken(verify(entries, List.of(movedOn)), 6, Reason.BadCheckpointSignature);

        CheckpointKeys.SigningKey other = CheckpointKeys.signingKey(CheckpointKeysTest.LocalKey.PRIVATE);
        Checkpoint byAnotherKey = other.sign(4, entries.get(3).hash(), NOW);
        assertBroken(verify(entries, List.of(byAnotherKey)), 4, Reason.BadCheckpointSignature);

        // a forged checkpoint beyond the head is a bad signature, not a truncation
        Checkpoint forgedBeyond = new Checkpoint(20, good.hash(), good.time(), good.keyId(), good.signature());
        assertBroken(verify(entries, List.of(forgedBeyond)), 20, Reason.BadCheckpointSignature);
    }

    @Test
    void reportsTheFirstBreakBySeq() {
        List<ChainEntry> entries = chain(10);
        Checkpoint good = checkpointOf(entries, 4);
        Checkpoint bad = new Checkpoint(8, entries.get(7).hash(), good.time(), good.keyId(), good.signature());
        ChainEntry edited = entries.get(5);
        entries.set(5, new ChainEntry(6, edited.canonicalEventJson() + " ", edited.prevHash(), edited.hash()));
        assertBroken(verify(entries, List.of(good, bad)), 6, Reason.HashMismatch);
    }

    @Test
    void refusesCheckpointsOutOfOrder() {
        List<ChainEntry> entries = chain(10);
        assertBroken(verify(entries, List.of(checkpointOf(entries, 6), checkpointOf(entries, 2))), 2,
                Reason.CheckpointOutOfOrder);
    }

    @Test
    void verifiesARangeFromTheMiddleAndSkipsCheckpointsBeforeIt() {
        List<ChainEntry> entries = chain(10);
        Iterator<Checkpoint> checkpoints = List.of(checkpointOf(entries, 2), checkpointOf(entries, 6)).iterator();
        TrailVerification result = TrailVerifier.verify(5, entries.get(3).hash(), entries.subList(4, 8), checkpoints,
                TRUSTED);
        assertTrue(result.verified(), result.toString());
        assertEquals(4, result.checkedEvents());
        assertEquals(1, result.checkedCheckpoints());
        assertEquals(8, result.headSeq());
    }

    static void assertBroken(TrailVerification result, long seq, Reason reason) {
        assertEquals(false, result.verified(), result.toString());
        assertEquals(seq, result.firstBrokenSeq(), result.toString());
        assertEquals(reason, result.reason(), result.toString());
    }
}
