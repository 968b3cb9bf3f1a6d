package io.tdeguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Invariants of evaluation, each checked on a few thousand random policy sets and requests. Every case has
 * its own seed, derived from one base seed; a failure names both. The base seed is random unless given:
 * rerun a failure with {@code -Dpolicy.seed=<base seed>}.
 */
class PolicyPropertiesTest {

    private static final int CASES = 3_000;
    private static final long BASE_SEED = Long.getLong("policy.seed", new Random().nextLong());

    @FunctionalInterface
    private interface Property {
        void check(RandomPolicies generator) throws Exception;
    }

    private static void forAll(String property, Property check) {
        for (int i = 0; i < CASES; i++) {
            long seed = BASE_SEED + i;
            try {
                check.check(new RandomPolicies(new Random(seed)));
            } catch (AssertionError | Exception e) {
                fail(property + " fails for case " + i + " (seed " + seed + "); rerun with -Dpolicy.seed=" + BASE_SEED
                        + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void agreesWithThePlainReferenceEvaluator() {
        forAll("agreement with the reference", generator -> {
            Map<String, ObjectNode> documents = generator.documents();
            AccessRequest request = generator.request();

            Decision decision = policySet(documents).evaluate(request);

            ReferenceEvaluator.Expected expected = ReferenceEvaluator.decide(documents, request);
            String context = documents + " " + request;
            assertEquals(expected.outcome(), decision.outcome(), context);
            assertEquals(expected.matched(), refs(decision.matchedStatements()), context);
            assertEquals(expected.errors(), decision.errors().stream().map(error -> TestData.shortRef(error.statement())).toList(), context);
        });
    }

    @Test
    void addingADenyNeverTurnsADenyIntoAnAllow() {
        forAll("adding a Deny", generator -> {
            Map<String, ObjectNode> documents = generator.documents();
            AccessRequest request = generator.request();
            Decision before = policySet(documents).evaluate(request);

            addStatement(generator, documents, generator.statement("Deny"));
            Decision after = policySet(documents).evaluate(request);

            if (before.outcome() != Outcome.ALLOW) {
                assertNotEquals(Outcome.ALLOW, after.outcome());
            }
            if (before.outcome() == Outcome.EXPLICIT_DENY) {
                assertEquals(Outcome.EXPLICIT_DENY, after.outcome());
                assertContainsAll(after.matchedStatements(), before.matchedStatements());
            }
        });
    }

    @Test
    void addingAnAllowNeverTurnsAnAllowIntoADeny() {
        forAll("adding an Allow", generator -> {
            Map<String, ObjectNode> documents = generator.documents();
            AccessRequest request = generator.request();
            Decision before = policySet(documents).evaluate(request);

            addStatement(generator, documents, generator.statement("Allow"));
            Decision after = policySet(documents).evaluate(request);

            if (before.outcome() == Outcome.ALLOW) {
                assertEquals(Outcome.ALLOW, after.outcome());
                assertContainsAll(after.matchedStatements(), before.matchedStatements());
            }
            if (before.outcome() == Outcome.EXPLICIT_DENY) {
                assertEquals(before, after, "an Allow changes nothing about an explicit deny");
            }
        });
    }

    @Test
    void theOrderOfStatementsAndPoliciesChangesNothing() {
        forAll("reordering", generator -> {
            Map<String, ObjectNode> documents = generator.documents();
            AccessRequest request = generator.request();
            Decision original = policySet(documents).evaluate(request);

            Random shuffler = new Random(generator.pick(List.of(1L, 2L, 3L)) + documents.hashCode());
            List<String> names = new ArrayList<>(documents.keySet());
            Collections.shuffle(names, shuffler);
            Map<String, ObjectNode> reordered = new LinkedHashMap<>();
            for (String name : names) {
                ObjectNode document = documents.get(name).deepCopy();
                List<JsonNode> statements = new ArrayList<>();
                document.get("Statement").forEach(statements::add);
                Collections.shuffle(statements, shuffler);
                ArrayNode list = document.putArray("Statement");
                statements.forEach(list::add);
                reordered.put(name, document);
            }
            Decision shuffled = policySet(reordered).evaluate(request);

            assertEquals(original.outcome(), shuffled.outcome());
            assertEquals(bySid(original.matchedStatements()), bySid(shuffled.matchedStatements()));
            assertEquals(bySid(original.errors().stream().map(EvaluationError::statement).toList()),
                    bySid(shuffled.errors().stream().map(EvaluationError::statement).toList()));
        });
    }

    @Test
    void theCanonicalFormDecidesAsTheOriginal() {
        forAll("the canonical form", generator -> {
            Map<String, ObjectNode> documents = generator.documents();
            List<NamedPolicy> original = new ArrayList<>();
            List<NamedPolicy> reparsed = new ArrayList<>();
            for (var entry : documents.entrySet()) {
                PolicyDocument document = PolicyDocument.parse(entry.getValue().toString());
                original.add(new NamedPolicy(entry.getKey(), document));
                reparsed.add(new NamedPolicy(entry.getKey(), PolicyDocument.parse(document.toJson())));
                assertEquals(document.toJson(), PolicyDocument.parse(document.toJson()).toJson());
            }
            PolicySet originalSet = PolicySet.of(original);
            PolicySet reparsedSet = PolicySet.of(reparsed);
            for (int i = 0; i < 5; i++) {
                AccessRequest request = generator.request();
                assertEquals(originalSet.evaluate(request), reparsedSet.evaluate(request), request.toString());
            }
        });
    }

    @Test
    void theCaseOfActionsAndKeysChangesNothing() {
        forAll("recasing", generator -> {
            PolicySet policies = policySet(generator.documents());
            AccessRequest request = generator.request();

            assertEquals(policies.evaluate(request), policies.evaluate(generator.recased(request)));
        });
    }

    private static PolicySet policySet(Map<String, ObjectNode> documents) throws InvalidPolicyException {
        List<NamedPolicy> policies = new ArrayList<>();
        for (var entry : documents.entrySet()) {
            policies.add(new NamedPolicy(entry.getKey(), PolicyDocument.parse(entry.getValue().toString())));
        }
        return PolicySet.of(policies);
    }

    /** Appends the statement to a random policy, or adds it as a new policy; existing references stay valid. */
    private static void addStatement(RandomPolicies generator, Map<String, ObjectNode> documents, ObjectNode statement) {
        List<String> targets = new ArrayList<>(documents.keySet());
        targets.add("Added");
        String target = generator.pick(targets);
        if (target.equals("Added")) {
            ObjectNode document = generator.document();
            ArrayNode list = document.putArray("Statement");
            list.add(statement);
            documents.put(target, document);
        } else {
            ((ArrayNode) documents.get(target).get("Statement")).add(statement);
        }
    }

    private static List<String> refs(List<StatementRef> refs) {
        return refs.stream().map(TestData::shortRef).toList();
    }

    private static Set<String> bySid(List<StatementRef> refs) {
        Set<String> sids = new HashSet<>();
        refs.forEach(ref -> sids.add(ref.policyName() + "/" + ref.sid()));
        return sids;
    }

    private static void assertContainsAll(List<StatementRef> after, List<StatementRef> before) {
        if (!after.containsAll(before)) {
            fail("statements " + before + " no longer all match: " + after);
        }
    }
}
