package io.tdeguard.audit.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ChainVerifierTest {

    private final ValidLog log = ValidLog.load();

    @Test
    void verifiesTheValidLogFromGenesis() {
        assertEquals(new VerificationResult(true, 20, null, null, log.hashOf(20)),
                ChainVerifier.verify(1, ChainHash.GENESIS, log.entries));
    }

    @Test
    void verifiesARangeStartingMidChainGivenTheStoredHashBeforeIt() {
        assertEquals(new VerificationResult(true, 10, null, null, log.hashOf(20)),
                ChainVerifier.verify(11, log.hashOf(10), log.entries.subList(10, 20)));
        assertEquals(new VerificationResult(true, 1, null, null, log.hashOf(7)),
                ChainVerifier.verify(7, log.hashOf(6), log.entries.subList(6, 7)));
    }

    @Test
    void anEmptyRangeVerifiesWithTheExpectedPrevHashAsHead() {
        assertEquals(new VerificationResult(true, 0, null, null, ChainHash.GENESIS),
                ChainVerifier.verify(1, ChainHash.GENESIS, List.of()));
        assertEquals(new VerificationResult(true, 0, null, null, log.hashOf(20)),
                ChainVerifier.verify(21, log.hashOf(20), List.of()));
    }

    @Test
    void truncatedTailVerifiesBecauseOnlyACheckpointCanRevealIt() {
        // Deleting the newest entries leaves a shorter chain that is valid in itself. Detecting it needs a trusted
        // record of a later (seq, hash) to compare with — a checkpoint, which is a later feature.
        VerificationResult truncated = ChainVerifier.verify(1, ChainHash.GENESIS, log.entries.subList(0, 15));

        assertEquals(new VerificationResult(true, 15, null, null, log.hashOf(15)), truncated);
        assertFalse(truncated.headHash().equals(log.hashOf(20)), "a checkpoint holding seq 20's hash would differ");
    }

    @Test
    void aTailRewrittenWithRecomputedHashesVerifiesBecauseOnlyACheckpointCanRevealIt() {
        // The chain makes edits detectable only for someone holding a hash from before the edit: a tamperer who
        // recomputes every later hash produces a valid chain with a different head. A checkpoint reveals it.
        List<ChainEntry> rewritten = new LogMutation.RehashFrom(12).apply(
                new LogMutation.ReplaceJson(12, "{\"eventName\":\"nothing happened\"}").apply(log.entries));

        VerificationResult result = ChainVerifier.verify(1, ChainHash.GENESIS, rewritten);

        assertTrue(result.verified());
        assertFalse(result.headHash().equals(log.hashOf(20)), "a checkpoint holding seq 20's hash would differ");
    }

    @Test
    void stopsAtTheFirstBreakReportingTheHeadBeforeIt() {
        List<ChainEntry> tampered = new LogMutation.SetHash(15, ChainHash.GENESIS).apply(
                new LogMutation.AppendToJson(8, " ").apply(log.entries));

        VerificationResult result = ChainVerifier.verify(1, ChainHash.GENESIS, tampered);

        assertEquals(7, result.checkedEvents());
        assertEquals(8L, result.firstBrokenSeq());
        assertEquals(new ChainBreak.HashMismatch(8, log.hashOf(8),
                ChainHash.link(log.hashOf(7), log.entries.get(7).canonicalEventJson() + " ")), result.breakReason());
        assertEquals(log.hashOf(7), result.headHash());
    }

    @Test
    void readsTheEntriesInOnePassStoppingAtTheBreak() {
        AtomicInteger pulled = new AtomicInteger();
        List<ChainEntry> tampered = new LogMutation.SetPrevHash(5, log.hashOf(1)).apply(log.entries);
        Iterable<ChainEntry> onePass = oncePerCall(tampered, pulled);

        VerificationResult result = ChainVerifier.verify(1, ChainHash.GENESIS, onePass);

        assertEquals(5L, result.firstBrokenSeq());
        assertEquals(5, pulled.get(), "no entry after the break is read");
    }

    @Test
    void holdsNoEntryItHasVerified() {
        // Entries are made one at a time and watched through weak references. When the last one is requested, a
        // verifier that kept earlier entries (in a list, say) would still reach them; ours holds only the current
        // entry and the hash before it, so a full collection clears all but the newest one or two.
        int count = 10_000;
        List<WeakReference<ChainEntry>> made = new ArrayList<>();
        AtomicInteger stillReachable = new AtomicInteger(-1);
        VerificationResult result = ChainVerifier.verify(1, ChainHash.GENESIS, () -> new Iterator<>() {
            long seq;
            String hash = ChainHash.GENESIS;

            @Override
            public boolean hasNext() {
                return seq < count;
            }

            @Override
            public ChainEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (seq == count - 1) {
                    System.gc();
                    stillReachable.set((int) made.stream().filter(ref -> ref.get() != null).count());
                }
                ChainEntry entry = ChainAppender.append(seq, hash, Map.of("n", seq));
                made.add(new WeakReference<>(entry));
                seq = entry.seq();
                hash = entry.hash();
                return entry;
            }
        });

        assertEquals(count, result.checkedEvents());
        assertTrue(result.verified());
        assertTrue(stillReachable.get() >= 0 && stillReachable.get() <= 2,
                "entries still reachable after a full collection: " + stillReachable.get() + " of " + (count - 1));
    }

    @Test
    void rejectsANonPositiveExpectedFirstSeq() {
        for (long seq : new long[] {0, -1, Long.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ChainVerifier.verify(seq, ChainHash.GENESIS, log.entries));
            assertEquals("expected first seq is not positive: " + seq, e.getMessage());
        }
    }

    @Test
    void rejectsAMalformedExpectedPrevHash() {
        String upper = log.hashOf(3).toUpperCase();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChainVerifier.verify(4, upper, log.entries.subList(3, 20)));
        assertEquals("expected prev hash is not 64 lowercase hex digits: '" + upper + "'", e.getMessage());
        assertThrows(NullPointerException.class, () -> ChainVerifier.verify(1, null, log.entries));
    }

    @Test
    void rejectsNullEntriesAsTheCallersMistake() {
        assertThrows(NullPointerException.class, () -> ChainVerifier.verify(1, ChainHash.GENESIS, null));
        List<ChainEntry> withNull = new ArrayList<>(log.entries.subList(0, 2));
        withNull.add(null);
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> ChainVerifier.verify(1, ChainHash.GENESIS, withNull));
        assertEquals("entry expected at seq 3", e.getMessage());
    }

    @Test
    void neverThrowsForWhateverTheEntriesHold() {
        List<ChainEntry> odd = Arrays.asList(
                new ChainEntry(1, "", "", ""),
                new ChainEntry(Long.MIN_VALUE, "\ud800", "not hex", "\u0000"));
        assertEquals(new ChainBreak.PrevHashMismatch(1, ChainHash.GENESIS, ""),
                ChainVerifier.verify(1, ChainHash.GENESIS, odd).breakReason());
        assertEquals(new ChainBreak.SeqNotIncreasing(1, Long.MIN_VALUE),
                ChainVerifier.verify(1, ChainHash.GENESIS, odd.subList(1, 2)).breakReason());
        assertEquals(new ChainBreak.HashMismatch(1, "", ChainHash.link(ChainHash.GENESIS, "")),
                ChainVerifier.verify(1, ChainHash.GENESIS, List.of(new ChainEntry(1, "", ChainHash.GENESIS, "")))
                        .breakReason());
    }

    @Test
    void describesEachBreakInLowercaseWithoutTrailingPeriod() {
        String h = log.hashOf(1);
        List<ChainBreak> breaks = List.of(new ChainBreak.HashMismatch(3, "a", "b"),
                new ChainBreak.PrevHashMismatch(3, h, "x"), new ChainBreak.SeqGap(3, 5),
                new ChainBreak.SeqNotIncreasing(3, 2), new ChainBreak.MalformedEventJson(3, 17));
        List<String> messages = breaks.stream().map(ChainBreak::message).toList();

        assertEquals(List.of(
                "hash mismatch at seq 3: stored 'a', computed 'b'",
                "prev hash mismatch at seq 3: expected '" + h + "', stored 'x'",
                "seq gap: expected seq 3, found 5",
                "seq not increasing: expected seq 3, found 2",
                "malformed event json at seq 3: lone surrogate at char index 17"), messages);
    }

    @Test
    void aResultIsEitherVerifiedOrCarriesBothTheBrokenSeqAndTheReason() {
        ChainBreak reason = new ChainBreak.SeqGap(1, 2);
        assertThrows(IllegalArgumentException.class, () -> new VerificationResult(true, 0, 1L, null, "h"));
        assertThrows(IllegalArgumentException.class, () -> new VerificationResult(true, 0, null, reason, "h"));
        assertThrows(IllegalArgumentException.class, () -> new VerificationResult(false, 0, 1L, null, "h"));
        assertThrows(IllegalArgumentException.class, () -> new VerificationResult(false, 0, null, reason, "h"));
        assertThrows(IllegalArgumentException.class, () -> new VerificationResult(true, -1, null, null, "h"));
        assertThrows(NullPointerException.class, () -> new VerificationResult(true, 0, null, null, null));
    }

    /** An Iterable that counts the entries pulled and refuses to be iterated twice. */
    private static Iterable<ChainEntry> oncePerCall(List<ChainEntry> entries, AtomicInteger pulled) {
        AtomicInteger iterations = new AtomicInteger();
        return () -> {
            assertEquals(1, iterations.incrementAndGet(), "iterated more than once");
            Iterator<ChainEntry> inner = entries.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return inner.hasNext();
                }

                @Override
                public ChainEntry next() {
                    pulled.incrementAndGet();
                    return inner.next();
                }
            };
        };
    }
}
