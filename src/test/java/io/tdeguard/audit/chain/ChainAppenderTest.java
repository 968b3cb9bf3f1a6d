package io.tdeguard.audit.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ChainAppenderTest {

    private static final String SOME_HASH = "ae2e702a20b51f415e08aa2f8f3b111431fabcc99e4694c1ad28c3ecf7857db0";

    @Test
    void appendsTheFirstEntryAfterGenesis() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("phase", "intent");
        event.put("eventName", "ModifyInstanceTDE");

        ChainEntry first = ChainAppender.append(0, ChainHash.GENESIS, event);

        String json = "{\"eventName\":\"ModifyInstanceTDE\",\"phase\":\"intent\"}";
        assertEquals(new ChainEntry(1, json, ChainHash.GENESIS, ChainHash.link(ChainHash.GENESIS, json)), first);
    }

    @Test
    void appendsAfterAnyHeadLinkingToItsHash() {
        ChainEntry next = ChainAppender.append(41, SOME_HASH, Map.of("eventId", "e-42"));

        assertEquals(42, next.seq());
        assertEquals(SOME_HASH, next.prevHash());
        assertEquals(ChainHash.link(SOME_HASH, "{\"eventId\":\"e-42\"}"), next.hash());
    }

    @Test
    void reproducesTheIndependentlyWrittenValidLogFromItsEvents() {
        ValidLog log = ValidLog.load();
        long seq = 0;
        String hash = ChainHash.GENESIS;
        for (int i = 0; i < log.entries.size(); i++) {
            ChainEntry appended = ChainAppender.append(seq, hash, log.events.get(i));
            assertEquals(log.entries.get(i), appended, "entry " + (i + 1));
            seq = appended.seq();
            hash = appended.hash();
        }
        assertEquals(20, seq);
    }

    @Test
    void buildsAChainThatVerifies() {
        List<ChainEntry> chain = new ArrayList<>();
        long seq = 0;
        String hash = ChainHash.GENESIS;
        for (int i = 0; i < 50; i++) {
            ChainEntry entry = ChainAppender.append(seq, hash, Map.of("eventId", "e-" + i, "n", i));
            chain.add(entry);
            seq = entry.seq();
            hash = entry.hash();
        }
        assertEquals(new VerificationResult(true, 50, null, null, hash),
                ChainVerifier.verify(1, ChainHash.GENESIS, chain));
    }

    @Test
    void rejectsANegativeSeq() {
        assertEquals("previous seq is negative: -1", assertThrows(IllegalArgumentException.class,
                () -> ChainAppender.append(-1, SOME_HASH, Map.of())).getMessage());
    }

    @Test
    void rejectsGenesisPairedWithALaterSeqAndAnyOtherHashPairedWithSeqZero() {
        // each pairing means the caller read the head wrongly; appending would fork the chain
        IllegalArgumentException afterGenesis = assertThrows(IllegalArgumentException.class,
                () -> ChainAppender.append(5, ChainHash.GENESIS, Map.of()));
        IllegalArgumentException firstWithHash = assertThrows(IllegalArgumentException.class,
                () -> ChainAppender.append(0, SOME_HASH, Map.of()));
        assertTrue(afterGenesis.getMessage().startsWith("previous hash must be the genesis hash exactly when"
                + " previous seq is 0; got seq 5 with hash '0000"), afterGenesis.getMessage());
        assertTrue(firstWithHash.getMessage().contains("got seq 0 with hash '" + SOME_HASH + "'"),
                firstWithHash.getMessage());
    }

    @Test
    void rejectsAMalformedPreviousHash() {
        assertEquals("previous hash is not 64 lowercase hex digits: 'abc'", assertThrows(
                IllegalArgumentException.class, () -> ChainAppender.append(3, "abc", Map.of())).getMessage());
        assertThrows(NullPointerException.class, () -> ChainAppender.append(3, null, Map.of()));
    }

    @Test
    void rejectsAnEventWithAnUnsupportedValueNamingItsPath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChainAppender.append(0, ChainHash.GENESIS, Map.of("latency", 1.5)));
        assertTrue(e.getMessage().startsWith("unsupported value at $.latency: java.lang.Double"), e.getMessage());
        assertThrows(NullPointerException.class, () -> ChainAppender.append(0, ChainHash.GENESIS, null));
    }

    @Test
    void refusesToOverflowTheSeq() {
        assertThrows(ArithmeticException.class, () -> ChainAppender.append(Long.MAX_VALUE, SOME_HASH, Map.of()));
    }
}
