package io.tdeguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs the document cases in {@code src/test/resources/policy/invalid/} and {@code .../valid/}. A case gives
 * the document as JSON ({@code document}) or as raw text ({@code text}, for what JSON in a test file cannot
 * hold: syntax errors, duplicate keys). An invalid case lists every expected error in order, each with its
 * {@code path} and its exact {@code reason} (or a {@code reasonPrefix} where the text comes from the JSON
 * parser). A valid case gives the expected {@code canonical} form.
 */
class PolicyDocumentCasesTest {

    static Stream<Named<JsonNode>> invalidDocuments() {
        return cases("invalid");
    }

    static Stream<Named<JsonNode>> validDocuments() {
        return cases("valid");
    }

    private static Stream<Named<JsonNode>> cases(String folder) {
        List<Named<JsonNode>> cases = new ArrayList<>();
        for (Map.Entry<String, JsonNode> file : TestData.files(folder)) {
            for (JsonNode testCase : file.getValue().path("cases")) {
                cases.add(Named.of(file.getKey() + " / " + testCase.path("name").asText(), testCase));
            }
        }
        return cases.stream();
    }

    private static String text(JsonNode testCase) {
        return testCase.has("text") ? testCase.get("text").asText() : testCase.get("document").toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDocuments")
    void refusesWithEveryErrorAndItsPath(JsonNode testCase) {
        InvalidPolicyException refused = assertThrows(InvalidPolicyException.class, () -> PolicyDocument.parse(text(testCase)));

        List<PolicyError> actual = refused.errors();
        JsonNode expected = testCase.get("errors");
        String all = "errors: " + actual;
        assertEquals(expected.size(), actual.size(), all);
        for (int i = 0; i < expected.size(); i++) {
            JsonNode error = expected.get(i);
            assertEquals(error.path("path").asText(), actual.get(i).path(), "path of error " + i + ", " + all);
            if (error.has("reasonPrefix")) {
                assertTrue(actual.get(i).reason().startsWith(error.get("reasonPrefix").asText()), "reason of error " + i + ", " + all);
            } else {
                assertEquals(error.path("reason").asText(), actual.get(i).reason(), "reason of error " + i + ", " + all);
            }
        }
        assertEquals(actual.get(0).message(), refused.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validDocuments")
    void acceptsAndWritesTheCanonicalForm(JsonNode testCase) throws InvalidPolicyException {
        PolicyDocument document = PolicyDocument.parse(text(testCase));

        JsonNode canonical = testCase.get("canonical");
        assertEquals(canonical.isTextual() ? canonical.asText() : canonical.toString(), document.toJson());
        assertEquals(document.toJson(), PolicyDocument.parse(document.toJson()).toJson(), "the canonical form is its own canonical form");
        assertEquals(document, PolicyDocument.parse(document.toJson()));
    }
}
