package io.tdeguard.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.tdeguard.api.ApiException;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.policy.AccessRequest;
import io.tdeguard.policy.Decision;
import io.tdeguard.policy.InvalidPolicyException;
import io.tdeguard.policy.NamedPolicy;
import io.tdeguard.policy.PolicyDocument;
import io.tdeguard.policy.PolicySet;

/**
 * Decides whether a caller may perform an action on a resource: every policy attached to the user or to one of
 * its groups, evaluated by the RAM policy engine with the request's condition keys. A denial becomes
 * {@code Forbidden.RAM} naming the statement that denied, or saying that none allowed.
 */
@ApplicationScoped
public class PermissionChecker {

    private final EntityManager entityManager;
    /** Parsed documents by policy id, kept while the stored text is unchanged: parse once, evaluate many. */
    private final Map<Long, ParsedPolicy> parsed = new ConcurrentHashMap<>();

    private record ParsedPolicy(String text, PolicyDocument document) {
    }

    PermissionChecker(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** The decision, allowing or not, with the statements that produced it. */
    @Transactional
    public Decision decide(Caller caller, RequestFacts facts, String action, String resource, Map<String, String> requestKeys) {
        return policiesOf(caller).evaluate(new AccessRequest(action, resource, context(caller, facts, requestKeys)));
    }

    /** The refusal of a decision that does not allow: {@code Forbidden.RAM}, naming the statements or saying none allowed. */
    public static ApiException forbidden(Caller caller, String action, String resource, Decision decision) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("NoPermissionType", decision.outcome().wireName());
        detail.put("PolicyType", "Custom");
        detail.put("AuthPrincipalType", "SubUser");
        detail.put("AuthPrincipalDisplayName", caller.userName());
        detail.put("AuthPrincipalOwnerId", caller.accountId());
        detail.put("AuthAction", action);
        detail.put("AuthResource", resource);
        detail.put("MatchedStatements", decision.matchedStatements().stream().map(Object::toString).toList());
        return new ApiException("Forbidden.RAM", 403,
                "user \"" + caller.userName() + "\" is not authorized to perform \"" + action + "\" on \"" + resource
                        + "\": " + decision.explanation(),
                "ask an administrator for a policy that allows this action on this resource",
                Map.of("AccessDeniedDetail", detail));
    }

    /** The condition keys every request carries, plus those of the action (such as kvstore:TDEStatus). */
    static Map<String, List<String>> context(Caller caller, RequestFacts facts, Map<String, String> requestKeys) {
        Map<String, List<String>> context = new LinkedHashMap<>();
        if (facts.sourceIp() != null) {
            context.put("acs:SourceIp", List.of(facts.sourceIp()));
        }
        context.put("acs:CurrentTime", List.of(facts.receivedAt().toString()));
        context.put("acs:SecureTransport", List.of(Boolean.toString(facts.secureTransport())));
        context.put("acs:MFAPresent", List.of("false"));
        context.put("acs:PrincipalARN", List.of(caller.principalArn()));
        context.put("acs:AccessId", List.of(caller.accessKeyId()));
        requestKeys.forEach((key, value) -> {
            if (value != null) {
                context.put(key, List.of(value));
            }
        });
        return context;
    }

    private PolicySet policiesOf(Caller caller) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT DISTINCT p.id, p.policy_name, p.policy_document FROM ram_policy p
                JOIN policy_attachment a ON a.policy_id = p.id
                WHERE (a.principal_type = 'User' AND a.principal_id = ?1)
                   OR (a.principal_type = 'Group' AND a.principal_id IN
                        (SELECT group_id FROM group_membership WHERE user_id = ?1))
                """).setParameter(1, caller.userId()).getResultList();
        List<NamedPolicy> policies = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            long id = ((Number) row[0]).longValue();
            String text = (String) row[2];
            ParsedPolicy cached = parsed.get(id);
            if (cached == null || !cached.text().equals(text)) {
                cached = new ParsedPolicy(text, parseStored((String) row[1], text));
                parsed.put(id, cached);
            }
            policies.add(new NamedPolicy((String) row[1], cached.document()));
        }
        return PolicySet.of(policies);
    }

    private static PolicyDocument parseStored(String name, String text) {
        try {
            return PolicyDocument.parse(text);
        } catch (InvalidPolicyException e) {
            // Stored documents were validated on creation; one that no longer parses is a defect, not a caller error.
            throw new IllegalStateException("stored policy \"" + name + "\" does not parse: " + e.getMessage(), e);
        }
    }
}
