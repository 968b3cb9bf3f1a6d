/*
 * Run from a clean clone (JMH options can be replaced with -Djmh.args="..."):
 *
 *     ./mvnw -B -Pbench test-compile exec:exec
 *
 * The default is "io.tdeguard.policy.bench -wi 2 -i 3 -w 1s -r 1s -f 1": 2 warm-up and 3 measured
 * iterations of one second, in one forked JVM.
 */
package io.tdeguard.policy.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.tdeguard.policy.AccessRequest;
import io.tdeguard.policy.Decision;
import io.tdeguard.policy.InvalidPolicyException;
import io.tdeguard.policy.NamedPolicy;
import io.tdeguard.policy.Outcome;
import io.tdeguard.policy.PolicyDocument;
import io.tdeguard.policy.PolicySet;

/**
 * Decisions per second and average latency of {@link PolicySet#evaluate} for the policy sets a principal
 * may have, from one statement to a hundred policies, and a worst case where all hundred statements apply.
 * Documents are parsed and the request built once, in setup: the measured work is the decision alone, as on
 * the request path.
 */
@BenchmarkMode({Mode.Throughput, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PolicyEvaluationBenchmark {

    private static final String INSTANCE = "acs:kvstore:cn-hangzhou:1234567890:instance/r-bp1abc";

    /** A request as the TDE function sends it, with every context key it supplies. */
    static AccessRequest tdeRequest() {
        return new AccessRequest("kvstore:ModifyInstanceTDE", INSTANCE, Map.of(
                "kvstore:TDEStatus", List.of("Enabled"),
                "acs:SourceIp", List.of("192.0.2.44"),
                "acs:CurrentTime", List.of("2026-11-28T16:52:28Z"),
                "acs:SecureTransport", List.of("true"),
                "acs:MFAPresent", List.of("true"),
                "acs:PrincipalARN", List.of("acs:ram::1234567890:user/ops-alice"),
                "acs:AccessId", List.of("LTAI5tExampleKey")));
    }

    static PolicySet policySet(List<String> documents) {
        List<NamedPolicy> policies = new ArrayList<>();
        try {
            for (int i = 0; i < documents.size(); i++) {
                policies.add(new NamedPolicy("Policy" + i, PolicyDocument.parse(documents.get(i))));
            }
        } catch (InvalidPolicyException e) {
            throw new IllegalStateException("a benchmark policy is invalid: " + e.getMessage(), e);
        }
        return PolicySet.of(policies);
    }

    static Decision expect(Outcome outcome, PolicySet policies, AccessRequest request) {
        Decision decision = policies.evaluate(request);
        if (decision.outcome() != outcome) {
            throw new IllegalStateException("expected " + outcome + " but " + decision.explanation());
        }
        return decision;
    }

    /** One policy of one statement that allows. */
    @State(Scope.Benchmark)
    public static class OneStatement {
        PolicySet policies;
        AccessRequest request;

        @Setup
        public void setUp() {
            policies = policySet(List.of("{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Action\":\"kvstore:ModifyInstanceTDE\",\"Resource\":\"acs:kvstore:*:1234567890:instance/*\"}]}"));
            request = tdeRequest();
            expect(Outcome.ALLOW, policies, request);
        }
    }

    /**
     * Ten policies of ten statements, every one with conditions on two to four keys, over the actions of
     * this product (TDE, approvals, audit, identity administration) with literal and wildcard actions and a
     * Deny on {@code *} in each policy. The request looks at 40 of the 100 statements and is allowed by 20.
     */
    @State(Scope.Benchmark)
    public static class HundredStatementsWithConditions {
        static final String[] ACTIONS = {"kvstore:ModifyInstanceTDE", "kvstore:DescribeInstanceTDEStatus", "kvstore:Describe*",
            "tdeguard:CreateApproval", "tdeguard:DecideApproval", "tdeguard:Describe*", "tdeguard:LookupEvents", "ram:*",
            "kvstore:ModifyInstance*", "*"};

        PolicySet policies;
        AccessRequest request;

        @Setup
        public void setUp() {
            List<String> documents = new ArrayList<>();
            for (int p = 0; p < 10; p++) {
                List<String> statements = new ArrayList<>();
                for (int s = 0; s < 10; s++) {
                    String action = ACTIONS[(p + s) % ACTIONS.length];
                    statements.add(action.equals("*") ? denyStatement(p) : allowStatement(p, s, action));
                }
                documents.add("{\"Version\":\"1\",\"Statement\":[" + String.join(",", statements) + "]}");
            }
            policies = policySet(documents);
            request = tdeRequest();
            expect(Outcome.ALLOW, policies, request);
        }
    }

    /**
     * The worst case: ten policies of ten statements that all concern this request, each with four
     * conditions. Every statement is evaluated in full; about seventy allow, and the decision lists them all.
     */
    @State(Scope.Benchmark)
    public static class HundredStatementsAllApplying {
        PolicySet policies;
        AccessRequest request;

        @Setup
        public void setUp() {
            String[] actions = {"kvstore:ModifyInstanceTDE", "kvstore:Describe*", "kvstore:Modify*", "kvstore:*", "kvstore:ModifyInstance?DE"};
            List<String> documents = new ArrayList<>();
            for (int p = 0; p < 10; p++) {
                List<String> statements = new ArrayList<>();
                for (int s = 0; s < 10; s++) {
                    statements.add(s == 9 ? denyStatement(p) : allowStatement(p, s, actions[s % actions.length]));
                }
                documents.add("{\"Version\":\"1\",\"Statement\":[" + String.join(",", statements) + "]}");
            }
            policies = policySet(documents);
            request = tdeRequest();
            expect(Outcome.ALLOW, policies, request);
        }
    }

    /** Allows the action from the office or a VPN, over TLS, with TDE being enabled, until a date. */
    static String allowStatement(int policy, int statement, String action) {
        return "{\"Sid\":\"Allow" + policy + "x" + statement + "\",\"Effect\":\"Allow\",\"Action\":\"" + action + "\","
                + "\"Resource\":\"acs:*:*:1234567890:*\",\"Condition\":{"
                + "\"StringEquals\":{\"kvstore:TDEStatus\":\"Enabled\"},"
                + "\"IpAddress\":{\"acs:SourceIp\":[\"10." + policy + ".0.0/16\",\"192.0.2.0/24\",\"2001:db8::/32\"]},"
                + "\"DateLessThan\":{\"acs:CurrentTime\":\"2027-0" + (1 + statement % 9) + "-01T00:00:00+08:00\"},"
                + "\"Bool\":{\"acs:SecureTransport\":true}}}";
    }

    /** Denies everything from outside the office to anyone but the operations people. */
    static String denyStatement(int policy) {
        return "{\"Sid\":\"Deny" + policy + "\",\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{"
                + "\"NotIpAddress\":{\"acs:SourceIp\":[\"192.0.2.0/24\",\"198.51.100.0/24\",\"2001:db8::/32\"]},"
                + "\"StringNotLike\":{\"acs:PrincipalARN\":\"acs:ram::1234567890:user/ops-*\"}}}";
    }

    /**
     * A hundred policies of one to three statements, mostly about other services (ECS, OSS, RAM, VPC, RDS,
     * SLB, KMS, logs), with conditions; five are about this service, one of which allows the request.
     */
    @State(Scope.Benchmark)
    public static class HundredPoliciesMostlyOtherActions {
        PolicySet policies;
        AccessRequest request;

        @Setup
        public void setUp() {
            String[] services = {"ecs", "oss", "ram", "vpc", "rds", "slb", "kms", "log"};
            List<String> documents = new ArrayList<>();
            for (int p = 0; p < 100; p++) {
                List<String> statements = new ArrayList<>();
                boolean aboutKvstore = p % 20 == 7;
                String service = aboutKvstore ? "kvstore" : services[p % services.length];
                for (int s = 0; s <= p % 3; s++) {
                    boolean allowsTheRequest = p == 47 && s == 0;
                    String action = allowsTheRequest ? "kvstore:ModifyInstanceTDE" : service + ":Describe" + (s == 1 ? "*" : "Instances");
                    statements.add("{\"Effect\":\"" + (s == 2 ? "Deny" : "Allow") + "\",\"Action\":\"" + action
                            + "\",\"Resource\":\"acs:" + service + ":*:1234567890:*\",\"Condition\":{"
                            + "\"IpAddress\":{\"acs:SourceIp\":\"192.0.2.0/24\"},\"Bool\":{\"acs:MFAPresent\":true}}}");
                }
                documents.add("{\"Version\":\"1\",\"Statement\":[" + String.join(",", statements) + "]}");
            }
            policies = policySet(documents);
            request = tdeRequest();
            expect(Outcome.ALLOW, policies, request);
        }
    }

    @Benchmark
    public Decision oneStatement(OneStatement state) {
        return state.policies.evaluate(state.request);
    }

    @Benchmark
    public Decision hundredStatementsWithConditions(HundredStatementsWithConditions state) {
        return state.policies.evaluate(state.request);
    }

    @Benchmark
    public Decision hundredStatementsAllApplying(HundredStatementsAllApplying state) {
        return state.policies.evaluate(state.request);
    }

    @Benchmark
    public Decision hundredPoliciesMostlyOtherActions(HundredPoliciesMostlyOtherActions state) {
        return state.policies.evaluate(state.request);
    }
}
