package io.tdeguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The per-decision cache of condition and pattern results, and that decisions do not depend on it. */
class ResultCacheTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static String identity(int number) {
        return ResultCache.identity(NODES.arrayNode().add("test").add(number));
    }

    private static Truth truthOf(int number) {
        return Truth.values()[number % 3];
    }

    @Test
    void equalDescriptionsHaveTheSameIdentity() {
        String first = ResultCache.identity(NODES.arrayNode().add("StringEquals").add("acs:sourceip"));
        String second = ResultCache.identity(NODES.arrayNode().add("StringEquals").add("acs:sourceip"));
        String other = ResultCache.identity(NODES.arrayNode().add("StringNotEquals").add("acs:sourceip"));

        assertSame(first, second);
        assertNotSame(first, other);
    }

    @Test
    void keepsEachResultUnderItsIdentityAsItGrows() {
        ResultCache cache = new ResultCache();
        for (int i = 0; i < ResultCache.MAX_RESULTS; i++) {
            String identity = identity(i);
            assertNull(cache.get(identity, identity.hashCode()), "nothing kept yet for " + i);
            cache.put(identity, identity.hashCode(), truthOf(i));
        }
        for (int i = 0; i < ResultCache.MAX_RESULTS; i++) {
            String identity = identity(i);
            assertEquals(truthOf(i), cache.get(identity, identity.hashCode()), "result " + i);
        }
    }

    @Test
    void onceFullItKeepsWhatItHasAndNothingMore() {
        ResultCache cache = new ResultCache();
        int count = ResultCache.MAX_RESULTS + 100;
        for (int i = 0; i < count; i++) {
            String identity = identity(i);
            cache.put(identity, identity.hashCode(), truthOf(i));
        }
        for (int i = 0; i < count; i++) {
            String identity = identity(i);
            assertEquals(i < ResultCache.MAX_RESULTS ? truthOf(i) : null, cache.get(identity, identity.hashCode()), "result " + i);
        }
    }

    /**
     * More distinct conditions than the cache holds, the same condition under keys in other cases, and
     * conditions that differ only by their operator: the decision is the reference evaluator's.
     */
    @Test
    void decisionsDoNotDependOnWhatTheCacheHolds() throws Exception {
        Map<String, ObjectNode> documents = new LinkedHashMap<>();
        int statementsPerPolicy = 25;
        for (int p = 0; p * statementsPerPolicy < 2 * ResultCache.MAX_RESULTS; p++) {
            ObjectNode document = NODES.objectNode().put("Version", "1");
            ArrayNode statements = document.putArray("Statement");
            for (int s = 0; s < statementsPerPolicy; s++) {
                int number = p * statementsPerPolicy + s;
                ObjectNode statement = statements.addObject().put("Effect", "Allow")
                        .put("Action", "kvstore:ModifyInstanceTDE").put("Resource", "*");
                ObjectNode condition = statement.putObject("Condition");
                condition.putObject("NumericGreaterThan").put("kvstore:Count", number);
                condition.putObject(s % 2 == 0 ? "StringEquals" : "StringNotEquals")
                        .put(s % 3 == 0 ? "KVSTORE:tdestatus" : "kvstore:TDEStatus", "Enabled");
            }
            documents.put("Policy" + p, document);
        }
        List<NamedPolicy> policies = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> document : documents.entrySet()) {
            policies.add(new NamedPolicy(document.getKey(), PolicyDocument.parse(document.getValue().toString())));
        }
        PolicySet policySet = PolicySet.of(policies);

        for (String count : List.of("0", "150", "399", "1000")) {
            AccessRequest request = new AccessRequest("kvstore:ModifyInstanceTDE", "acs:kvstore:cn-hangzhou:1:instance/r-1",
                    Map.of("kvstore:Count", List.of(count), "kvstore:TDEStatus", List.of("Enabled")));

            Decision decision = policySet.evaluate(request);

            ReferenceEvaluator.Expected expected = ReferenceEvaluator.decide(documents, request);
            assertEquals(expected.outcome(), decision.outcome(), "count " + count);
            assertEquals(expected.matched(), decision.matchedStatements().stream().map(TestData::shortRef).toList(), "count " + count);
        }
    }
}
