package io.tdeguard.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.tdeguard.signature.Acs3Request.QueryParameter;

/**
 * Sign then verify randomized requests: verification must succeed, and must fail after any single mutation.
 *
 * <p>Each run draws a new seed and prints it on failure; rerun one with {@code -Dacs3.seed=<seed>}.
 */
class Acs3RoundTripTest {

    private static final int CASES = 300;
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};
    /** Characters that each take a different path through percent-encoding. */
    private static final String TRICKY = "aZ09-_.~ *+/=&%?#:;'\"é中😀";
    private static final String ACCESS_KEY_ID = "LTAI5tRoundTrip";
    private static final AccessKeySecret SECRET = AccessKeySecret.of("roundTripSecret0123456789abcdef");
    private static final AccessKeySecret OTHER_SECRET = AccessKeySecret.of("roundTripSecret0123456789abcdeF");

    private record Mutation(String name, UnaryOperator<Acs3Request> apply) {
    }

    @Test
    void verifiesEverySignedRequestAndNoMutatedOne() {
        long seed = Long.getLong("acs3.seed", System.nanoTime());
        Random random = new Random(seed);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            checkCase(random, failures, i);
        }
        assertTrue(failures.isEmpty(), failures.size() + " failures with -Dacs3.seed=" + seed + ", the first:\n"
                + failures.stream().limit(10).collect(Collectors.joining("\n")));
    }

    private static void checkCase(Random random, List<String> failures, int index) {
        Acs3Request unsigned = randomRequest(random);
        Acs3Request received = unsigned.toBuilder()
                .header("Authorization", Acs3Signer.sign(unsigned, ACCESS_KEY_ID, SECRET).authorization())
                .build();
        try {
            Acs3Verifier.verify(Acs3Verifier.inspect(received), SECRET);
        } catch (RuntimeException e) {
            failures.add("case " + index + " " + received + ": the signed request fails: " + e);
            return;
        }
        try {
            Acs3Verifier.verify(Acs3Verifier.inspect(received), OTHER_SECRET);
            failures.add("case " + index + " " + received + ": verifies with another secret");
        } catch (SignatureException expected) {
            // Refused, as it must be.
        }
        for (Mutation mutation : mutations(received, random)) {
            Acs3Request mutated = mutation.apply().apply(received);
            try {
                Acs3Verifier.verify(Acs3Verifier.inspect(mutated), SECRET);
                failures.add("case " + index + " " + received + ": verifies after " + mutation.name());
            } catch (SignatureException expected) {
                // Refused, as it must be.
            }
        }
    }

    private static Acs3Request randomRequest(Random random) {
        List<QueryParameter> parameters = new ArrayList<>();
        for (int i = random.nextInt(6); i > 0; i--) {
            boolean repeatName = !parameters.isEmpty() && random.nextInt(4) == 0;
            String name = repeatName ? parameters.get(random.nextInt(parameters.size())).name() : randomText(random, 1);
            parameters.add(new QueryParameter(name, random.nextInt(5) == 0 ? "" : randomText(random, 0)));
        }
        byte[] body = new byte[random.nextInt(3) == 0 ? 0 : random.nextInt(100)];
        random.nextBytes(body);
        Acs3Headers.Standard standard = Acs3Headers.standard("Action" + random.nextInt(100), "2015-01-01")
                .host("host" + random.nextInt(10) + ":" + (1024 + random.nextInt(60000)))
                .clock(Clock.fixed(Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE)), ZoneOffset.UTC))
                .nonce(() -> Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()));
        if (random.nextBoolean()) {
            standard.contentType(random.nextBoolean() ? "application/json" : "application/x-www-form-urlencoded");
        }
        if (random.nextInt(4) == 0) {
            standard.securityToken("CAIS" + randomAscii(random));
        }
        Acs3Request.Builder request = Acs3Request.builder(METHODS[random.nextInt(METHODS.length)], randomPath(random))
                .queryParameters(throughTheWire(parameters, random))
                .body(body);
        standard.build(body).forEach((name, value) -> request.header(randomCase(name, random), value));
        for (int i = random.nextInt(3); i > 0; i--) {
            request.header("X-Acs-Extra-" + i, padded(randomAscii(random), random));
        }
        request.header("User-Agent", "round-trip/" + random.nextInt(10));
        return request.build();
    }

    /** The parameters as the server decodes them from the query string a client sent. */
    private static List<QueryParameter> throughTheWire(List<QueryParameter> parameters, Random random) {
        boolean spacesAsPlus = random.nextBoolean();
        String rawQuery = parameters.stream()
                .map(parameter -> wireEncode(parameter.name(), spacesAsPlus) + "=" + wireEncode(parameter.value(), spacesAsPlus))
                .collect(Collectors.joining("&"));
        List<QueryParameter> decoded = Acs3Request.parseRawQuery(rawQuery);
        assertEquals(parameters, decoded, "raw query " + rawQuery);
        return decoded;
    }

    private static String wireEncode(String s, boolean spacesAsPlus) {
        String encoded = Acs3CanonicalRequest.percentEncode(s);
        return spacesAsPlus ? encoded.replace("%20", "+") : encoded;
    }

    private static List<Mutation> mutations(Acs3Request request, Random random) {
        List<Mutation> mutations = new ArrayList<>();
        String otherMethod = request.method().equals("POST") ? "PUT" : "POST";
        mutations.add(new Mutation("changing the method", r -> rebuild(r, otherMethod, r.path(), r.queryParameters())));
        mutations.add(new Mutation("extending the path", r -> rebuild(r, r.method(), r.path() + "x", r.queryParameters())));
        List<QueryParameter> parameters = request.queryParameters();
        List<QueryParameter> added = new ArrayList<>(parameters);
        added.add(random.nextInt(added.size() + 1), new QueryParameter(randomText(random, 1), randomText(random, 0)));
        mutations.add(new Mutation("adding a query parameter", r -> rebuild(r, r.method(), r.path(), added)));
        if (!parameters.isEmpty()) {
            int index = random.nextInt(parameters.size());
            QueryParameter parameter = parameters.get(index);
            List<QueryParameter> removed = new ArrayList<>(parameters);
            removed.remove(index);
            mutations.add(new Mutation("removing query parameter " + index, r -> rebuild(r, r.method(), r.path(), removed)));
            List<QueryParameter> changedValue = new ArrayList<>(parameters);
            changedValue.set(index, new QueryParameter(parameter.name(), parameter.value() + "x"));
            mutations.add(new Mutation("changing the value of query parameter " + index,
                    r -> rebuild(r, r.method(), r.path(), changedValue)));
            List<QueryParameter> changedName = new ArrayList<>(parameters);
            changedName.set(index, new QueryParameter(parameter.name() + "x", parameter.value()));
            mutations.add(new Mutation("renaming query parameter " + index,
                    r -> rebuild(r, r.method(), r.path(), changedName)));
        }
        List<String> signedHeaders = Acs3Authorization.parse(request.header("authorization").orElseThrow()).signedHeaders();
        String header = signedHeaders.get(random.nextInt(signedHeaders.size()));
        String value = request.header(header).orElseThrow();
        mutations.add(new Mutation("changing signed header " + header,
                r -> r.toBuilder().removeHeader(header).header(header, value + "x").build()));
        mutations.add(new Mutation("removing signed header " + header, r -> r.toBuilder().removeHeader(header).build()));
        mutations.add(new Mutation("changing the body", r -> {
            byte[] body = r.body();
            if (body.length == 0) {
                return r.toBuilder().body(new byte[] {0}).build();
            }
            body[random.nextInt(body.length)] ^= (byte) (1 << random.nextInt(8));
            return r.toBuilder().body(body).build();
        }));
        mutations.add(new Mutation("changing a signature character", r -> {
            String authorization = r.header("authorization").orElseThrow();
            int at = authorization.length() - 1 - random.nextInt(64);
            char changed = authorization.charAt(at) == '0' ? '1' : '0';
            String tampered = authorization.substring(0, at) + changed + authorization.substring(at + 1);
            return r.toBuilder().removeHeader("authorization").header("authorization", tampered).build();
        }));
        return mutations;
    }

    private static Acs3Request rebuild(Acs3Request request, String method, String path, List<QueryParameter> parameters) {
        return Acs3Request.builder(method, path).queryParameters(parameters).headers(request.headers())
                .body(request.body()).build();
    }

    private static String randomPath(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> "";
            case 1 -> "/";
            default -> "/" + randomAlphanumeric(random);
        };
    }

    private static String randomText(Random random, int minLength) {
        StringBuilder text = new StringBuilder();
        int length = minLength + random.nextInt(8);
        while (text.codePointCount(0, text.length()) < length) {
            int at = random.nextInt(TRICKY.codePointCount(0, TRICKY.length()));
            text.appendCodePoint(TRICKY.codePointAt(TRICKY.offsetByCodePoints(0, at)));
        }
        return text.toString();
    }

    private static String randomAscii(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = 1 + random.nextInt(20); i > 0; i--) {
            text.append((char) (0x21 + random.nextInt(0x7e - 0x21)));
        }
        return text.toString();
    }

    private static String randomAlphanumeric(Random random) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder text = new StringBuilder();
        for (int i = 1 + random.nextInt(12); i > 0; i--) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static String padded(String value, Random random) {
        String[] padding = {"", " ", "  ", "\t"};
        return padding[random.nextInt(padding.length)] + value + padding[random.nextInt(padding.length)];
    }

    private static String randomCase(String name, Random random) {
        StringBuilder cased = new StringBuilder();
        for (char c : name.toCharArray()) {
            cased.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return cased.toString();
    }
}
