package io.tdeguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs every decision case in {@code src/test/resources/policy/cases/}. A file holds scenarios; a scenario
 * holds named policies, optional request defaults and cases; a case holds a request (merged over the
 * defaults: action, resource and context each replace the default when given), the expected decision, the
 * expected matched statements ({@code Policy[index]}, in order), optionally the statements expected to have
 * evaluation errors, and optionally the exact explanation. Each case is reported as
 * {@code file / scenario / case}.
 */
class PolicyDecisionCasesTest {

    record DecisionCase(JsonNode policies, JsonNode defaults, JsonNode testCase) {
    }

    static Stream<Named<DecisionCase>> cases() {
        List<Named<DecisionCase>> cases = new ArrayList<>();
        for (Map.Entry<String, JsonNode> file : TestData.files("cases")) {
            for (JsonNode scenario : file.getValue().path("scenarios")) {
                for (JsonNode testCase : scenario.path("cases")) {
                    String name = file.getKey() + " / " + scenario.path("name").asText() + " / " + testCase.path("name").asText();
                    cases.add(Named.of(name, new DecisionCase(scenario.path("policies"), scenario.path("request"), testCase)));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesAsExpected(DecisionCase decisionCase) {
        PolicySet policies = PolicySet.of(policies(decisionCase.policies()));
        AccessRequest request = request(decisionCase.defaults(), decisionCase.testCase().path("request"));
        JsonNode expected = decisionCase.testCase();

        Decision decision = policies.evaluate(request);

        String described = decision.outcome().wireName() + " " + decision.matchedStatements() + " errors "
                + decision.errors() + " (" + decision.explanation() + ")";
        assertEquals(expected.path("decision").asText(), decision.outcome().wireName(), described);
        assertEquals(TestData.strings(expected.get("matched")),
                decision.matchedStatements().stream().map(TestData::shortRef).toList(), "matched statements: " + described);
        assertEquals(TestData.strings(expected.get("errors")),
                decision.errors().stream().map(error -> TestData.shortRef(error.statement())).toList(),
                "statements with evaluation errors: " + described);
        if (expected.has("explanation")) {
            assertEquals(expected.get("explanation").asText(), decision.explanation());
        }
    }

    private static List<NamedPolicy> policies(JsonNode policies) {
        List<NamedPolicy> named = new ArrayList<>();
        for (JsonNode policy : policies) {
            String name = policy.path("name").asText();
            try {
                named.add(new NamedPolicy(name, PolicyDocument.parse(policy.path("document").toString())));
            } catch (InvalidPolicyException e) {
                fail("policy " + name + " of this case is invalid: " + e.errors());
            }
        }
        return named;
    }

    private static AccessRequest request(JsonNode defaults, JsonNode overrides) {
        JsonNode action = overrides.has("action") ? overrides.get("action") : defaults.get("action");
        JsonNode resource = overrides.has("resource") ? overrides.get("resource") : defaults.get("resource");
        JsonNode context = overrides.has("context") ? overrides.get("context") : defaults.get("context");
        return new AccessRequest(action.asText(), resource.asText(), TestData.context(context));
    }
}
