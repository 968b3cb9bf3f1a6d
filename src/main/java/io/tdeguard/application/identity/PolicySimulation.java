package io.tdeguard.application.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.tdeguard.api.ApiException;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.application.Invocations;
import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.config.TdeGuardConfig;
import io.tdeguard.policy.AccessRequest;
import io.tdeguard.policy.Decision;
import io.tdeguard.policy.NamedPolicy;
import io.tdeguard.policy.PolicySet;
import io.tdeguard.policy.StatementRef;

/**
 * SimulatePolicy: how policy authors test documents before attaching them. It evaluates with the very engine every
 * real request goes through, on exactly the context the author gives (no key of the simulating request is added),
 * so a simulation is reproducible.
 */
@ApplicationScoped
public class PolicySimulation {

    static final int MAX_DOCUMENTS = 20;

    private final Invocations invocations;
    private final TdeGuardConfig config;

    PolicySimulation(Invocations invocations, TdeGuardConfig config) {
        this.invocations = invocations;
        this.config = config;
    }

    public record SimulationRequest(List<String> policyDocuments, String action, String resource,
            Map<String, List<String>> context) {
    }

    public record MatchedStatement(String policy, int statementIndex, String sid) {
    }

    public record Result(String requestId, String decision, List<MatchedStatement> matchedStatements, String explanation) {
    }

    public Result simulate(RequestFacts request, Map<String, Object> members) {
        return invocations.run(request, "tdeguard", EventRW.Read, members, SimulationRequest.class, (invocation, simulation) -> {
            String simulator = "acs:tdeguard::" + config.accountId() + ":policy-simulator";
            invocation.resource(simulator);
            invocations.authorize(invocation, "tdeguard:SimulatePolicy", simulator, Map.of());
            Decision decision = PolicySet.of(documents(simulation.policyDocuments()))
                    .evaluate(new AccessRequest(required("Action", simulation.action()), required("Resource", simulation.resource()),
                            simulation.context() == null ? Map.of() : simulation.context()));
            List<MatchedStatement> matched = new ArrayList<>();
            for (StatementRef statement : decision.matchedStatements()) {
                matched.add(new MatchedStatement(statement.policyName(), statement.index(), statement.sid()));
            }
            return new Result(invocation.requestId(), decision.outcome().wireName(), matched, decision.explanation());
        });
    }

    private static List<NamedPolicy> documents(List<String> documents) {
        if (documents == null) {
            throw ApiException.missingParameter("PolicyDocuments");
        }
        if (documents.size() > MAX_DOCUMENTS) {
            throw ApiException.invalidParameter("PolicyDocuments", "at most " + MAX_DOCUMENTS + " documents are simulated at once");
        }
        List<NamedPolicy> policies = new ArrayList<>(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            String name = "PolicyDocuments[" + i + "]";
            policies.add(new NamedPolicy(name, InvalidPolicyDocuments.parse(name, documents.get(i))));
        }
        return policies;
    }

    private static String required(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw ApiException.missingParameter(name);
        }
        return value;
    }
}
