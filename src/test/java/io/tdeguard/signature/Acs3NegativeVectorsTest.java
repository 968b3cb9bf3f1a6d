package io.tdeguard.signature;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Mutations of the official SDK's known answer that verification must refuse, each with the error it must give:
 * {@code signature/acs3-negative-vectors.json}. Every vector is its own test case, so a run reports every failure.
 *
 * <p>A vector replaces top-level fields of the known answer ({@code set}, where null removes the field) and
 * headers ({@code setHeaders}, where null removes the header).
 */
class Acs3NegativeVectorsTest {

    private static final String VECTORS = "signature/acs3-negative-vectors.json";

    static Stream<Arguments> vectors() {
        JsonNode vectors = KnownAnswer.readResource(VECTORS);
        return StreamSupport.stream(vectors.spliterator(), false)
                .map(vector -> Arguments.of(vector.get("name").asText(), vector));
    }

    @Test
    void theUnmutatedKnownAnswerVerifies() {
        KnownAnswer known = KnownAnswer.load();

        assertDoesNotThrow(() -> Acs3Verifier.verify(Acs3Verifier.inspect(known.receivedRequest()), known.secret()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void refusesTheMutatedKnownAnswer(String name, JsonNode vector) {
        KnownAnswer mutated = KnownAnswer.from(mutate(KnownAnswer.json(), vector));

        SignatureException failure = assertThrows(SignatureException.class,
                () -> Acs3Verifier.verify(Acs3Verifier.inspect(mutated.receivedRequest()), mutated.secret()));

        String expectedMessage = vector.get("expectedMessage").asText();
        assertAll(
                () -> assertEquals(vector.get("expectedCode").asText(), failure.code(), failure.getMessage()),
                () -> assertEquals(400, failure.httpStatus()),
                () -> assertTrue(failure.getMessage().startsWith(expectedMessage),
                        "message '" + failure.getMessage() + "' does not start with '" + expectedMessage + "'"),
                () -> assertFalse(failure.getMessage().contains(mutated.accessKeySecret()), "reveals the secret"));
    }

    private static ObjectNode mutate(ObjectNode known, JsonNode vector) {
        if (vector.has("set")) {
            vector.get("set").fields().forEachRemaining(field -> known.set(field.getKey(), field.getValue()));
        }
        if (vector.has("setHeaders")) {
            ObjectNode headers = (ObjectNode) known.get("headers");
            vector.get("setHeaders").fields().forEachRemaining(header -> {
                if (header.getValue().isNull()) {
                    headers.remove(header.getKey());
                } else {
                    headers.set(header.getKey(), header.getValue());
                }
            });
        }
        return known;
    }
}
