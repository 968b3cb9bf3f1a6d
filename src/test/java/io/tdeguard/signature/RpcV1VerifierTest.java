package io.tdeguard.signature;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sign then verify, and negative vectors: mutations of one correctly signed request, each refused with the kind,
 * message and parameter it must give. Every vector is its own test case, so a run reports every failure.
 */
class RpcV1VerifierTest {

    private static final String ACCESS_KEY_ID = "LTAI5tV1VerifierKey";
    private static final String SECRET_TEXT = "v1VerifierSecret0123456789abcd";
    private static final AccessKeySecret SECRET = AccessKeySecret.of(SECRET_TEXT);
    private static final Instant NOW = Instant.parse("2026-11-28T16:52:28Z");

    /** ModifyInstanceTDE as the Java V1 SDK sends it: common parameters in the query, business ones in the body. */
    static RpcV1Request unsigned() {
        Map<String, String> parameters = new TreeMap<>(RpcV1Parameters.standard("ModifyInstanceTDE", "2015-01-01")
                .accessKeyId(ACCESS_KEY_ID)
                .regionId("cn-hangzhou")
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .nonce(() -> "5d8cf1d2-6a37-4b0e-9a55-0c7b2a1f3e44")
                .build());
        parameters.put("InstanceId", "r-bp1zxszhcgatnx****");
        parameters.put("TDEStatus", "Enabled");
        parameters.put("EncryptionName", "AES-CTR-256");
        return RpcV1Request.of("POST", parameters);
    }

    static RpcV1Request signed() {
        return RpcV1Signer.sign(unsigned(), SECRET).signedRequest();
    }

    @Test
    void verifiesASignedRequestAndExposesWhatTheCallerChecks() {
        RpcV1SignedRequest signed = RpcV1Verifier.inspect(signed());

        assertEquals(ACCESS_KEY_ID, signed.accessKeyId());
        assertEquals(NOW, signed.timestamp());
        assertEquals("2026-11-28T16:52:28Z", signed.rawTimestamp());
        assertEquals("5d8cf1d2-6a37-4b0e-9a55-0c7b2a1f3e44", signed.nonce());
        assertEquals("ModifyInstanceTDE", signed.action());
        assertDoesNotThrow(() -> RpcV1Verifier.verify(signed, id -> Optional.of(SECRET).filter(s -> id.equals(ACCESS_KEY_ID))));
    }

    @Test
    void verifiesTheSameParametersSplitBetweenQueryAndFormBody() {
        Map<String, String> all = signed().parameters();
        Map<String, String> query = new TreeMap<>(all);
        Map<String, String> body = new TreeMap<>();
        for (String name : new String[] {"InstanceId", "TDEStatus", "EncryptionName"}) {
            body.put(name, query.remove(name));
        }

        RpcV1Request received = RpcV1Request.parse(
                "POST", RpcV1Request.encode(query), RpcV1Request.encode(body).getBytes());

        assertDoesNotThrow(() -> RpcV1Verifier.verify(RpcV1Verifier.inspect(received), SECRET));
    }

    @Test
    void refusesAnUnknownAccessKey() {
        RpcV1SignedRequest signed = RpcV1Verifier.inspect(signed());

        SignatureException failure = assertThrows(SignatureException.class,
                () -> RpcV1Verifier.verify(signed, id -> Optional.empty()));

        assertEquals("InvalidAccessKeyId.NotFound", failure.code());
        assertEquals(404, failure.httpStatus());
        assertEquals("access key id '" + ACCESS_KEY_ID + "' is not found", failure.getMessage());
    }

    @Test
    void refusesAnotherSecret() {
        SignatureException failure = assertThrows(SignatureException.class, () -> RpcV1Verifier.verify(
                RpcV1Verifier.inspect(signed()), AccessKeySecret.of(SECRET_TEXT + "x")));

        assertEquals("SignatureDoesNotMatch", failure.code());
    }

    @Test
    void theCallersFreshnessAndReplayFailuresCarryTheirCodes() {
        assertEquals("InvalidTimeStamp.Expired", SignatureException.timestampExpired("2016-02-23T12:46:24Z").code());
        assertEquals("SignatureNonceUsed", SignatureException.nonceUsed("n").code());
    }

    private record Vector(String name, UnaryOperator<RpcV1Request> mutate, String code, String message,
            String parameter) {
    }

    private static Arguments vector(String name, UnaryOperator<RpcV1Request> mutate, String code, String message,
            String parameter) {
        return Arguments.of(name, new Vector(name, mutate, code, message, parameter));
    }

    private static Arguments mismatch(String name, UnaryOperator<RpcV1Request> mutate) {
        return vector(name, mutate, "SignatureDoesNotMatch", "the request signature does not match", null);
    }

    private static Arguments missing(String parameter) {
        return vector("missing " + parameter, request -> request.without(parameter), "IncompleteSignature",
                "missing parameter '" + parameter + "'", parameter);
    }

    static Stream<Arguments> vectors() {
        // SignatureMethod and SignatureVersion have one accepted value each: changing them has vectors below.
        Stream<Arguments> altered = unsigned().parameters().keySet().stream()
                .filter(name -> !name.equals("SignatureMethod") && !name.equals("SignatureVersion"))
                .map(name -> mismatch("altered " + name, request -> request.with(name, alter(name, request))));
        Stream<Arguments> missing = RpcV1Parameters.REQUIRED.stream().map(RpcV1VerifierTest::missing);
        Stream<Arguments> others = Stream.of(
                mismatch("method changed to GET", request -> RpcV1Request.of("GET", request.parameters())),
                mismatch("method in lower case", request -> RpcV1Request.of("post", request.parameters())),
                mismatch("parameter added", request -> request.with("OwnerAccount", "someone")),
                mismatch("business parameter removed", request -> request.without("EncryptionName")),
                mismatch("optional Format removed", request -> request.without("Format")),
                mismatch("parameter renamed in case", request -> request.without("TDEStatus")
                        .with("TdeStatus", "Enabled")),
                mismatch("value with trailing space", request -> request.with("TDEStatus", "Enabled ")),
                mismatch("signature of another request", request -> request.with("Signature",
                        RpcV1Signer.sign(request.with("TDEStatus", "Disabled"), SECRET).signature())),
                mismatch("signature flipped in one bit", request -> request.with("Signature",
                        flipFirstCharacter(request.parameter("Signature").orElseThrow()))),
                vector("empty Signature", request -> request.with("Signature", ""), "IncompleteSignature",
                        "missing parameter 'Signature'", "Signature"),
                vector("hex signature", request -> request.with("Signature", "0123456789abcdef0123456789abcdef01234567"),
                        "IncompleteSignature", "malformed signature '0123456789abcdef", "Signature"),
                vector("unpadded signature", request -> request.with("Signature",
                        request.parameter("Signature").orElseThrow().replace("=", "")),
                        "IncompleteSignature", "malformed signature", "Signature"),
                vector("SignatureMethod HMAC-SHA256", request -> request.with("SignatureMethod", "HMAC-SHA256"),
                        "IncompleteSignature", "unsupported signature method 'HMAC-SHA256'", "SignatureMethod"),
                vector("SignatureMethod in lower case", request -> request.with("SignatureMethod", "hmac-sha1"),
                        "IncompleteSignature", "unsupported signature method 'hmac-sha1'", "SignatureMethod"),
                vector("SignatureVersion 2.0", request -> request.with("SignatureVersion", "2.0"),
                        "IncompleteSignature", "unsupported signature version '2.0'", "SignatureVersion"),
                vector("SignatureVersion 1", request -> request.with("SignatureVersion", "1"),
                        "IncompleteSignature", "unsupported signature version '1'", "SignatureVersion"),
                vector("SignatureType BEARERTOKEN", request -> request.with("SignatureType", "BEARERTOKEN"),
                        "IncompleteSignature", "unsupported signature type 'BEARERTOKEN'", "SignatureType"),
                vector("malformed AccessKeyId", request -> request.with("AccessKeyId", "LTAI 5t"),
                        "IncompleteSignature", "malformed access key id 'LTAI 5t'", "AccessKeyId"),
                vector("STS SecurityToken", request -> request.with("SecurityToken", "CAIS...token"),
                        "InvalidSecurityToken.NotAccepted",
                        "sts tokens are not accepted: use an access key of this function", null),
                vector("STS SecurityToken signed too", request -> RpcV1Signer.sign(
                        request.with("SecurityToken", "CAIS...token"), SECRET).signedRequest(),
                        "InvalidSecurityToken.NotAccepted", "sts tokens are not accepted", null),
                vector("Timestamp with milliseconds", request -> request.with("Timestamp", "2026-11-28T16:52:28.000Z"),
                        "InvalidTimeStamp.Format", "malformed timestamp '2026-11-28T16:52:28.000Z'", "Timestamp"),
                vector("Timestamp with an offset", request -> request.with("Timestamp", "2026-11-28T16:52:28+00:00"),
                        "InvalidTimeStamp.Format", "malformed timestamp", "Timestamp"),
                vector("Timestamp on February 30", request -> request.with("Timestamp", "2026-02-30T16:52:28Z"),
                        "InvalidTimeStamp.Format", "malformed timestamp", "Timestamp"),
                vector("Timestamp as epoch seconds", request -> request.with("Timestamp", "1795971148"),
                        "InvalidTimeStamp.Format", "malformed timestamp", "Timestamp"));
        return Stream.of(altered, missing, others).flatMap(s -> s);
    }

    private static String alter(String name, RpcV1Request request) {
        String value = request.parameter(name).orElseThrow();
        return switch (name) {
            // Keep these well formed, so that only the signature can tell.
            case "Timestamp" -> "2026-11-28T16:52:29Z";
            case "AccessKeyId" -> value + "X";
            default -> value + "x";
        };
    }

    private static String flipFirstCharacter(String signature) {
        return (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void refusesTheMutatedRequest(String name, Vector vector) {
        RpcV1Request mutated = vector.mutate().apply(signed());

        SignatureException failure = assertThrows(SignatureException.class,
                () -> RpcV1Verifier.verify(RpcV1Verifier.inspect(mutated), id -> Optional.of(SECRET)));

        assertAll(
                () -> assertEquals(vector.code(), failure.code(), failure.getMessage()),
                () -> assertTrue(failure.getMessage().startsWith(vector.message()),
                        "message '" + failure.getMessage() + "' does not start with '" + vector.message() + "'"),
                () -> assertEquals(Optional.ofNullable(vector.parameter()), failure.parameter()),
                () -> assertFalse(failure.getMessage().contains(SECRET_TEXT), "reveals the secret"),
                () -> assertFalse(failure.getMessage().contains(
                        RpcV1Signer.sign(mutated, SECRET).signature()), "reveals the expected signature"));
    }
}
