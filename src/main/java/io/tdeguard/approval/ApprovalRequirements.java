package io.tdeguard.approval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import io.quarkus.runtime.Startup;
import io.tdeguard.config.TdeGuardConfig;
import io.tdeguard.policy.AccessRequest;
import io.tdeguard.policy.InvalidPolicyException;
import io.tdeguard.policy.NamedPolicy;
import io.tdeguard.policy.PolicyDocument;
import io.tdeguard.policy.PolicySet;

/**
 * How many distinct users other than the requester must approve a change of a resource (M of N):
 * {@code tdeguard.approval.required-approvals}, raised by the highest {@code required-approvals-for."<ARN pattern>"}
 * that matches. Patterns match as a RAM policy's {@code Resource} does, by the policy engine itself. Checked at start:
 * a number below 1 or a malformed pattern stops the function with a message naming the key.
 */
@Startup
@ApplicationScoped
public class ApprovalRequirements {

    static final String DEFAULT_KEY = "tdeguard.approval.required-approvals";
    static final String PATTERN_KEY = "tdeguard.approval.required-approvals-for";
    /** The action of the one-statement policy each pattern becomes; any action would do. */
    private static final String MATCH_ACTION = "tdeguard:CreateApproval";

    private record Rule(String pattern, int required, PolicySet matcher) {
    }

    private final int defaultRequired;
    private final List<Rule> rules;

    @Inject
    ApprovalRequirements(TdeGuardConfig config) {
        this(config.approval().requiredApprovals(), config.approval().requiredApprovalsFor());
    }

    /** @throws IllegalArgumentException naming the configuration key of the first invalid setting */
    ApprovalRequirements(int defaultRequired, Map<String, Integer> byPattern) {
        if (defaultRequired < 1) {
            throw new IllegalArgumentException(DEFAULT_KEY + " is " + defaultRequired
                    + ": at least one user other than the requester must approve a change");
        }
        this.defaultRequired = defaultRequired;
        List<Rule> parsed = new ArrayList<>();
        byPattern.forEach((pattern, required) -> parsed.add(rule(pattern, required)));
        this.rules = List.copyOf(parsed);
    }

    /** The approvals a change of this resource needs: the highest of the default and every matching pattern. */
    public int requiredFor(String resourceArn) {
        int required = defaultRequired;
        for (Rule rule : rules) {
            if (rule.required() > required && rule.matcher()
                    .evaluate(new AccessRequest(MATCH_ACTION, resourceArn, Map.of())).isAllowed()) {
                required = rule.required();
            }
        }
        return required;
    }

    private static Rule rule(String pattern, Integer required) {
        String key = PATTERN_KEY + ".\"" + pattern + "\"";
        if (required == null || required < 1) {
            throw new IllegalArgumentException(key + " is " + required + ": a resource needs at least one approval");
        }
        if (!pattern.startsWith("acs:") || pattern.split(":", -1).length < 5) {
            throw new IllegalArgumentException(key + ": \"" + pattern
                    + "\" is not an ARN pattern like acs:kvstore:*:*:instance/r-prod*");
        }
        String document = "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + MATCH_ACTION
                + "\",\"Resource\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(pattern)) + "\"}]}";
        try {
            return new Rule(pattern, required, PolicySet.of(List.of(new NamedPolicy(key, PolicyDocument.parse(document)))));
        } catch (InvalidPolicyException e) {
            throw new IllegalArgumentException(key + ": \"" + pattern + "\" is not a valid resource pattern: "
                    + e.getMessage(), e);
        }
    }
}
