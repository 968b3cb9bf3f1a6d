package io.tdeguard.audit.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChainHashTest {

    /*
     * Known answer, computed once outside Java (bash 5, GNU coreutils sha256sum; the script file is UTF-8, so ë, €
     * and 😀 are their UTF-8 bytes; in E3, \" and \n are the two-character JSON escapes, passed through by %s):
     *
     *   E1='{"eventId":"evt-0001","eventName":"ModifyInstanceTDE","eventTime":"2026-11-28T16:52:28Z","phase":"intent","requestParameters":{"InstanceId":"r-bp1zxszhcgatnx","TDEStatus":"Enabled"},"userIdentity":{"type":"ram-user","userName":"zoë"}}'
     *   E2='{"approvalId":"apr-42","eventId":"evt-0002","eventName":"ModifyInstanceTDE","intentEventId":"evt-0001","latencyMs":1834,"phase":"outcome","responseElements":{"RequestId":"A1B2"}}'
     *   E3='{"errorCode":"TaskExists","errorMessage":"task \"tde\" exists\nretry later €😀","eventId":"evt-0003","phase":"outcome","tags":[],"x":null,"y":true}'
     *   H0=0000000000000000000000000000000000000000000000000000000000000000
     *   H1=$(printf 'tdeguard.audit.v1\0%s\0%s' "$H0" "$E1" | sha256sum | cut -c1-64)
     *   H2=$(printf 'tdeguard.audit.v1\0%s\0%s' "$H1" "$E2" | sha256sum | cut -c1-64)
     *   H3=$(printf 'tdeguard.audit.v1\0%s\0%s' "$H2" "$E3" | sha256sum | cut -c1-64)
     *
     * H1 was also reproduced with Python's hashlib.
     */
    private static final String H1 = "ae2e702a20b51f415e08aa2f8f3b111431fabcc99e4694c1ad28c3ecf7857db0";
    private static final String H2 = "29e7d35ce80831e8a08cc23e07c3021e8991980b0ece2efa4928023b6d23d059";
    private static final String H3 = "01246db4ea915d691cc476ba901912d22699a1ff45805e3e2ea79ceddd8172f3";

    private static final String E1 = "{\"eventId\":\"evt-0001\",\"eventName\":\"ModifyInstanceTDE\","
            + "\"eventTime\":\"2026-11-28T16:52:28Z\",\"phase\":\"intent\",\"requestParameters\":"
            + "{\"InstanceId\":\"r-bp1zxszhcgatnx\",\"TDEStatus\":\"Enabled\"},"
            + "\"userIdentity\":{\"type\":\"ram-user\",\"userName\":\"zo\u00eb\"}}";
    private static final String E2 = "{\"approvalId\":\"apr-42\",\"eventId\":\"evt-0002\","
            + "\"eventName\":\"ModifyInstanceTDE\",\"intentEventId\":\"evt-0001\",\"latencyMs\":1834,"
            + "\"phase\":\"outcome\",\"responseElements\":{\"RequestId\":\"A1B2\"}}";
    private static final String E3 = "{\"errorCode\":\"TaskExists\","
            + "\"errorMessage\":\"task \\\"tde\\\" exists\\nretry later \u20ac\ud83d\ude00\","
            + "\"eventId\":\"evt-0003\",\"phase\":\"outcome\",\"tags\":[],\"x\":null,\"y\":true}";

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void knownAnswerThreeEventChainFromEventMaps() {
        Map<String, Object> event1 = ordered("userIdentity", ordered("userName", "zo\u00eb", "type", "ram-user"),
                "phase", "intent", "eventName", "ModifyInstanceTDE", "eventId", "evt-0001",
                "requestParameters", ordered("TDEStatus", "Enabled", "InstanceId", "r-bp1zxszhcgatnx"),
                "eventTime", "2026-11-28T16:52:28Z");
        Map<String, Object> event2 = ordered("responseElements", Map.of("RequestId", "A1B2"), "phase", "outcome",
                "latencyMs", 1834L, "intentEventId", "evt-0001", "eventName", "ModifyInstanceTDE",
                "eventId", "evt-0002", "approvalId", "apr-42");
        Map<String, Object> event3 = ordered("y", true, "x", null, "tags", List.of(), "phase", "outcome",
                "eventId", "evt-0003", "errorMessage", "task \"tde\" exists\nretry later \u20ac\ud83d\ude00",
                "errorCode", "TaskExists");

        ChainEntry first = ChainAppender.append(0, ChainHash.GENESIS, event1);
        ChainEntry second = ChainAppender.append(first.seq(), first.hash(), event2);
        ChainEntry third = ChainAppender.append(second.seq(), second.hash(), event3);

        assertEquals(new ChainEntry(1, E1, ChainHash.GENESIS, H1), first);
        assertEquals(new ChainEntry(2, E2, H1, H2), second);
        assertEquals(new ChainEntry(3, E3, H2, H3), third);
        assertEquals(new VerificationResult(true, 3, null, null, H3),
                ChainVerifier.verify(1, ChainHash.GENESIS, List.of(first, second, third)));
    }

    @Test
    void knownAnswerLinkHashes() {
        assertEquals(H1, ChainHash.link(ChainHash.GENESIS, E1));
        assertEquals(H2, ChainHash.link(H1, E2));
        assertEquals(H3, ChainHash.link(H2, E3));
    }

    @Test
    void hashesExactlyTheDocumentedByteLayout() throws Exception {
        byte[] layout = concat("tdeguard.audit.v1".getBytes(StandardCharsets.US_ASCII), new byte[] {0},
                H2.getBytes(StandardCharsets.US_ASCII), new byte[] {0}, E3.getBytes(StandardCharsets.UTF_8));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(layout)),
                ChainHash.link(H2, E3));
        assertEquals(17, ChainHash.DOMAIN_TAG.length());
    }

    @Test
    void separatesTheDomainFromAPlainHashOfTheSameFields() throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        String plain = HexFormat.of().formatHex(sha256.digest((H1 + E2).getBytes(StandardCharsets.UTF_8)));
        assertNotEquals(plain, ChainHash.link(H1, E2));
    }

    @Test
    void genesisIsSixtyFourZeros() {
        assertEquals("0000000000000000000000000000000000000000000000000000000000000000", ChainHash.GENESIS);
        assertTrue(ChainHash.isWellFormedHash(ChainHash.GENESIS));
    }

    @Test
    void producesSixtyFourLowercaseHexDigits() {
        assertTrue(ChainHash.link(ChainHash.GENESIS, "{}").matches("[0-9a-f]{64}"));
    }

    @Test
    void dependsOnEveryInput() {
        String base = ChainHash.link(H1, E2);
        assertNotEquals(base, ChainHash.link(H2, E2));
        assertNotEquals(base, ChainHash.link(H1, E2 + " "));
        assertNotEquals(base, ChainHash.link(H1, E2.replace("1834", "1835")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "AE2E702A20B51F415E08AA2F8F3B111431FABCC99E4694C1AD28C3ECF7857DB0",
            "ae2e702a20b51f415e08aa2f8f3b111431fabcc99e4694c1ad28c3ecf7857db", // 63 digits
            "ae2e702a20b51f415e08aa2f8f3b111431fabcc99e4694c1ad28c3ecf7857db00", // 65 digits
            "ge2e702a20b51f415e08aa2f8f3b111431fabcc99e4694c1ad28c3ecf7857db0",
            " e2e702a20b51f415e08aa2f8f3b111431fabcc99e4694c1ad28c3ecf7857db0"})
    void rejectsAPrevHashThatIsNotSixtyFourLowercaseHexDigits(String prevHash) {
        assertFalse(ChainHash.isWellFormedHash(prevHash));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChainHash.link(prevHash, E1));
        assertEquals("prev hash is not 64 lowercase hex digits: '" + prevHash + "'", e.getMessage());
    }

    @Test
    void rejectsNullArguments() {
        assertThrows(NullPointerException.class, () -> ChainHash.link(null, E1));
        assertThrows(NullPointerException.class, () -> ChainHash.link(H1, null));
        assertFalse(ChainHash.isWellFormedHash(null));
    }

    @Test
    void rejectsJsonWithALoneSurrogateWhichUtf8CannotEncode() {
        // getBytes(UTF_8) would turn the lone U+D800 into '?', so this JSON and {"a":"?"} would hash alike
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChainHash.link(H1, "{\"a\":\"\ud800\"}"));
        assertEquals("canonical event json holds a lone surrogate at char index 6", e.getMessage());
    }

    private static byte[] concat(byte[]... parts) {
        byte[] all = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }
}
