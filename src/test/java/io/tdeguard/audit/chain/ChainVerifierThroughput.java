package io.tdeguard.audit.chain;

import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import io.tdeguard.json.CanonicalJson;

/**
 * Measures how fast {@link ChainVerifier} verifies synthetic audit events; prints figures, asserts nothing, and is
 * not part of the test suite. Run after {@code ./mvnw -q test-compile}:
 * <pre>
 *   java -cp target/classes:target/test-classes io.tdeguard.audit.chain.ChainVerifierThroughput [count]
 * </pre>
 * The entries are produced while the verifier reads them (a JSON template plus the seq, hex of precomputed
 * hashes), as rows would stream from a database cursor. Producing them alone is timed too, so the verifier's own
 * share can be told apart.
 */
public final class ChainVerifierThroughput {

    private static final String SEQ_PLACEHOLDER = "SEQ-PLACEHOLDER";
    private static final HexFormat HEX = HexFormat.of();

    private final int count;
    private final String jsonBeforeSeq;
    private final String jsonAfterSeq;
    private final byte[] hashes;

    private ChainVerifierThroughput(int count) {
        this.count = count;
        String template = CanonicalJson.write(typicalEvent());
        int at = template.indexOf(SEQ_PLACEHOLDER);
        this.jsonBeforeSeq = template.substring(0, at);
        this.jsonAfterSeq = template.substring(at + SEQ_PLACEHOLDER.length());
        this.hashes = new byte[(count + 1) * 32]; // slot 0: genesis
        for (int seq = 1; seq <= count; seq++) {
            String hash = ChainHash.link(hashHex(seq - 1), json(seq));
            System.arraycopy(HEX.parseHex(hash), 0, hashes, seq * 32, 32);
        }
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        ChainVerifierThroughput run = new ChainVerifierThroughput(count);
        System.out.printf("%,d synthetic events, %d bytes of canonical JSON each%n", count, run.json(1).length());
        for (int round = 1; round <= 3; round++) {
            long start = System.nanoTime();
            long produced = 0;
            for (ChainEntry entry : run.entries()) {
                produced += entry.seq();
            }
            long produceNanos = System.nanoTime() - start;

            start = System.nanoTime();
            VerificationResult result = ChainVerifier.verify(1, ChainHash.GENESIS, run.entries());
            long verifyNanos = System.nanoTime() - start;

            if (!result.verified() || result.checkedEvents() != count || produced == 0) {
                throw new IllegalStateException("the synthetic chain did not verify: " + result);
            }
            System.out.printf("round %d: verify %,.0f events/s (%.2f s, entries produced while reading);"
                    + " producing entries alone %,.0f events/s; verifier's own share ≈ %,.0f events/s%n",
                    round, count / (verifyNanos / 1e9), verifyNanos / 1e9, count / (produceNanos / 1e9),
                    count / ((verifyNanos - produceNanos) / 1e9));
        }
    }

    private Iterable<ChainEntry> entries() {
        return () -> new Iterator<>() {
            int seq;

            @Override
            public boolean hasNext() {
                return seq < count;
            }

            @Override
            public ChainEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                seq++;
                return new ChainEntry(seq, json(seq), hashHex(seq - 1), hashHex(seq));
            }
        };
    }

    private String json(int seq) {
        return jsonBeforeSeq + seq + jsonAfterSeq;
    }

    private String hashHex(int seq) {
        return HEX.formatHex(hashes, seq * 32, seq * 32 + 32);
    }

    /** An intent event of the size and shape the function writes (about 700 bytes of JSON). */
    private static Map<String, Object> typicalEvent() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", "7e3f0c1a-0000-4000-8000-" + SEQ_PLACEHOLDER);
        event.put("eventTime", "2026-11-28T16:52:28Z");
        event.put("eventName", "ModifyInstanceTDE");
        event.put("eventType", "ApiCall");
        event.put("eventRW", "Write");
        event.put("requestId", "B2C3D4E5-F6A7-4B8C-9D0E-1F2A3B4C5D6E");
        event.put("sourceIpAddress", "203.0.113.7");
        event.put("userAgent", "aliyun-sdk-java/2.23.2 (Linux; amd64) TeaDSL/1");
        event.put("userIdentity", Map.of("type", "ram-user", "principalId", "203400000000510",
                "accountId", "1234567890123456", "accessKeyId", "LTAI5tExampleKey0001", "userName", "zo\u00eb"));
        event.put("requestParameters", Map.of("InstanceId", "r-bp1zxszhcgatnx", "TDEStatus", "Enabled",
                "EncryptionName", "AES-CTR-256", "RegionId", "cn-hangzhou",
                "RoleArn", "acs:ram::1234567890123456:role/aliyunkvstoreaccessingkmsrole"));
        event.put("decision", Map.of("effect", "Allow", "reasons", List.of("tde-operators#0", "approval reserved")));
        event.put("approvalId", "apr-0004");
        event.put("phase", "intent");
        event.put("acsRegion", "cn-hangzhou");
        event.put("serviceName", "kvstore");
        return event;
    }
}
