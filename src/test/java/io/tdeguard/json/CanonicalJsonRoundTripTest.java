package io.tdeguard.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Properties of the canonical form on seeded random values, checked with Jackson as an independent JSON parser.
 * A failure names its seed; {@code -Dchain.seed=N} moves the seeds.
 */
class CanonicalJsonRoundTripTest {

    private static final long BASE_SEED = Long.getLong("chain.seed", 8785L);
    private static final int RUNS = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aParserReadsBackTheSameValueAndRewritingIsIdempotent() throws Exception {
        List<String> failures = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            long seed = BASE_SEED + run;
            Object value = RandomValues.value(new Random(seed), 3);
            String json = CanonicalJson.write(value);
            Object parsed = JSON.readValue(json, Object.class);
            if (!Objects.equals(normalized(parsed), normalized(value))) {
                failures.add("seed " + seed + ": parsed value differs: " + json);
            } else if (!CanonicalJson.write(parsed).equals(json)) {
                failures.add("seed " + seed + ": rewriting the parsed value changes the text: " + json);
            } else if (!membersSorted(parsed)) {
                failures.add("seed " + seed + ": members not sorted by UTF-16 code units: " + json);
            } else if (!new String(CanonicalJson.writeUtf8(value), StandardCharsets.UTF_8).equals(json)) {
                failures.add("seed " + seed + ": writeUtf8 is not the UTF-8 of write: " + json);
            }
        }
        assertEquals(List.of(), failures);
    }

    /** Numbers as BigInteger, since a parser picks Integer, Long or BigInteger by magnitude. */
    private static Object normalized(Object value) {
        if (value instanceof Number number) {
            return new BigInteger(number.toString());
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> result = new LinkedHashMap<>();
            map.forEach((k, v) -> result.put(k, normalized(v)));
            return result;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(CanonicalJsonRoundTripTest::normalized).toList();
        }
        return value;
    }

    /** Whether every object's members, in the order the parser met them, are sorted by String.compareTo. */
    private static boolean membersSorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            String previous = null;
            for (Map.Entry<?, ?> member : map.entrySet()) {
                String key = (String) member.getKey();
                if ((previous != null && previous.compareTo(key) >= 0) || !membersSorted(member.getValue())) {
                    return false;
                }
                previous = key;
            }
        }
        if (value instanceof List<?> list) {
            return list.stream().allMatch(CanonicalJsonRoundTripTest::membersSorted);
        }
        return true;
    }
}
