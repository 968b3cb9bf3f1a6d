package io.tdeguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The small types of the public API: what the rest of the application relies on. */
class PolicyApiTest {

    private static final String ALLOW_ALL = "{\"Version\":\"1\",\"Statement\":[{\"Sid\":\"AllowAll\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    @Test
    void contextKeysAreFoundInAnyCaseAndMergedAcrossCases() {
        Map<String, List<String>> context = new HashMap<>();
        context.put("acs:SourceIp", List.of("192.0.2.1"));
        context.put("ACS:SOURCEIP", List.of("192.0.2.2"));
        context.put("kvstore:TDEStatus", List.of("Enabled"));

        AccessRequest request = new AccessRequest("kvstore:ModifyInstanceTDE", "acs:kvstore:cn-hangzhou:1:instance/r-1", context);

        assertEquals(2, request.context().size());
        assertEquals(2, request.context().get("Acs:SourceIP").size());
        assertEquals(List.of("Enabled"), request.context().get("KVSTORE:tdestatus"));
        assertThrows(UnsupportedOperationException.class, () -> request.context().put("x:y", List.of()));
    }

    @Test
    void aRequestCopiesItsContext() {
        Map<String, List<String>> context = new HashMap<>();
        List<String> values = new ArrayList<>(List.of("Enabled"));
        context.put("kvstore:TDEStatus", values);
        AccessRequest request = new AccessRequest("kvstore:ModifyInstanceTDE", "*", context);

        values.set(0, "Disabled");
        context.put("acs:MFAPresent", List.of("true"));

        assertEquals(Map.of("kvstore:TDEStatus", List.of("Enabled")), Map.copyOf(request.context()));
    }

    @Test
    void aRequestNamesAnActionAndAResource() {
        assertThrows(NullPointerException.class, () -> new AccessRequest(null, "*"));
        assertThrows(NullPointerException.class, () -> new AccessRequest("kvstore:A", null));
        assertThrows(IllegalArgumentException.class, () -> new AccessRequest("", "*"));
        assertThrows(NullPointerException.class, () -> new AccessRequest("kvstore:A", "*", Map.of("k:a", java.util.Arrays.asList("x", null))));
        assertEquals(Map.of(), new AccessRequest("kvstore:A", "*", null).context());
    }

    @Test
    void outcomesHaveTheirWireNames() {
        assertEquals("Allow", Outcome.ALLOW.wireName());
        assertEquals("ExplicitDeny", Outcome.EXPLICIT_DENY.wireName());
        assertEquals("ImplicitDeny", Outcome.IMPLICIT_DENY.wireName());
        for (Outcome outcome : Outcome.values()) {
            assertEquals(outcome, Outcome.fromWireName(outcome.wireName()));
        }
        assertThrows(IllegalArgumentException.class, () -> Outcome.fromWireName("allow"));
    }

    @Test
    void statementReferencesReadWell() {
        assertEquals("AdminFullAccess Statement[0] (Sid \"AllowAll\")", new StatementRef("AdminFullAccess", 0, "AllowAll").toString());
        assertEquals("TdeOperators Statement[3]", new StatementRef("TdeOperators", 3, null).toString());
        assertEquals("P Statement[0] (Sid \"say \\\"hi\\\"\")", new StatementRef("P", 0, "say \"hi\"").toString());
    }

    @Test
    void decisionsKeepTheirInvariants() {
        StatementRef ref = new StatementRef("P", 0, null);
        assertThrows(IllegalArgumentException.class, () -> new Decision(Outcome.IMPLICIT_DENY, List.of(ref)));
        assertThrows(IllegalArgumentException.class, () -> new Decision(Outcome.ALLOW, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Decision(Outcome.EXPLICIT_DENY, List.of()));
        assertTrue(new Decision(Outcome.ALLOW, List.of(ref)).isAllowed());
        assertFalse(new Decision(Outcome.IMPLICIT_DENY, List.of()).isAllowed());
    }

    @Test
    void anInvalidPolicyExceptionCarriesEveryErrorAndNamesTheFirst() {
        InvalidPolicyException refused = assertThrows(InvalidPolicyException.class,
                () -> PolicyDocument.parse("{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"allow\",\"Action\":\"x\",\"Resource\":\"*\"}]}"));

        assertEquals(2, refused.errors().size());
        assertEquals("Statement[0].Effect: invalid effect \"allow\": expected \"Allow\" or \"Deny\", which are case-sensitive", refused.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> refused.errors().clear());
    }

    @Test
    void documentsAreEqualWhenTheirCanonicalFormsAre() throws InvalidPolicyException {
        PolicyDocument compact = PolicyDocument.parse(ALLOW_ALL);
        PolicyDocument spaced = PolicyDocument.parse(ALLOW_ALL.replace(",", ", ").replace("\"*\"", "[\"*\"]"));

        assertEquals(compact, spaced);
        assertEquals(compact.hashCode(), spaced.hashCode());
        assertEquals(ALLOW_ALL, spaced.toJson());
        assertNotEquals(compact, PolicyDocument.parse(ALLOW_ALL.replace("Allow\"", "Deny\"")));
    }

    @Test
    void refusesTwoDifferentPoliciesWithOneName() throws InvalidPolicyException {
        NamedPolicy allow = new NamedPolicy("P", PolicyDocument.parse(ALLOW_ALL));
        NamedPolicy deny = new NamedPolicy("P", PolicyDocument.parse(ALLOW_ALL.replace("Allow\"", "Deny\"")));

        assertThrows(IllegalArgumentException.class, () -> PolicySet.of(List.of(allow, deny)));
        assertEquals(1, PolicySet.of(List.of(allow, allow)).policies().size());
        assertThrows(IllegalArgumentException.class, () -> new NamedPolicy(" ", allow.document()));
    }

    @Test
    void evaluatesConcurrentlyWithTheSameResults() throws Exception {
        PolicySet policies = PolicySet.of(List.of(new NamedPolicy("P", PolicyDocument.parse(
                "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kvstore:*\",\"Resource\":\"*\","
                        + "\"Condition\":{\"IpAddress\":{\"acs:SourceIp\":\"192.0.2.0/24\"}}}]}"))));
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            int offset = t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    boolean inside = (i + offset) % 2 == 0;
                    AccessRequest request = new AccessRequest("kvstore:ModifyInstanceTDE", "*",
                            Map.of("acs:SourceIp", List.of(inside ? "192.0.2.9" : "198.51.100.9")));
                    if (policies.evaluate(request).isAllowed() != inside) {
                        failures.add(new AssertionError("wrong decision for " + request));
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(List.of(), failures);
    }
}
