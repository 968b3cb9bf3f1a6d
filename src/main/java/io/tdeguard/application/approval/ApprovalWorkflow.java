package io.tdeguard.application.approval;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tdeguard.api.ApiException;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.application.Invocation;
import io.tdeguard.application.Invocations;
import io.tdeguard.approval.ApprovableAction;
import io.tdeguard.approval.Approval;
import io.tdeguard.approval.ApprovalDecision;
import io.tdeguard.approval.ApprovalRequirements;
import io.tdeguard.approval.ApprovalView;
import io.tdeguard.approval.Approvals;
import io.tdeguard.approval.BoundChange;
import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.config.TdeGuardConfig;

/**
 * The approval functions: CreateApproval by a requester, ApproveApproval / RejectApproval by other users,
 * RevokeApproval and CancelApproval to take one back before it is used, DescribeApproval. Each authenticates,
 * binds its members strictly, checks its RAM action (on an approval: with the keys of the change it approves), acts,
 * and is audited.
 */
@ApplicationScoped
public class ApprovalWorkflow {

    static final String SERVICE = "tdeguard";
    static final int MAX_REASON_LENGTH = 1024;
    /** The condition keys that describe the change an approval approves. */
    static final String APPROVAL_ACTION_KEY = "tdeguard:ApprovalAction";
    static final String APPROVAL_RESOURCE_KEY = "tdeguard:ApprovalResource";
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final Invocations invocations;
    private final Approvals approvals;
    private final Instance<ApprovableAction> approvableActions;
    private final ApprovalRequirements requirements;
    private final TdeGuardConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    ApprovalWorkflow(Invocations invocations, Approvals approvals,
            Instance<ApprovableAction> approvableActions, ApprovalRequirements requirements, TdeGuardConfig config,
            ObjectMapper json, Clock clock) {
        this.invocations = invocations;
        this.approvals = approvals;
        this.approvableActions = approvableActions;
        this.requirements = requirements;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    /** CreateApproval's members. */
    public record CreateRequest(String action, Map<String, Object> parameters, String reason, Long expiresInSeconds) {
    }

    /** ApproveApproval's, RejectApproval's and RevokeApproval's members. */
    public record DecisionRequest(String approvalId, String comment) {
    }

    /** DescribeApproval's and CancelApproval's members. */
    public record ApprovalRef(String approvalId) {
    }

    public record Created(String requestId, String approvalId, String status, int requiredApprovals, String expiresAt) {
    }

    public record Decided(String requestId, String approvalId, String status) {
    }

    public Created create(RequestFacts request, Map<String, Object> members) {
        return invocations.run(request, SERVICE, EventRW.Write, members, CreateRequest.class, (invocation, creation) -> {
            BoundChange change = approvableAction(creation.action()).bind(creation.parameters());
            String reason = reason(creation.reason());
            Duration ttl = ttl(creation.expiresInSeconds());
            invocation.resource(change.resourceArn()).instance(change.instanceId(), change.regionId());
            invocations.authorize(invocation, "tdeguard:CreateApproval", change.resourceArn(), change.conditionKeys());
            Approval approval = approvals.create(change, invocation.caller().userName(), reason, ttl,
                    requirements.requiredFor(change.resourceArn()));
            invocation.approval(approval.approvalId).response(Map.of("ApprovalId", approval.approvalId,
                    "Status", approval.status, "ExpiresAt", approval.expiresAt.toString()));
            return new Created(invocation.requestId(), approval.approvalId, approval.status,
                    approval.requiredApprovals, approval.expiresAt.toString());
        });
    }

    public Decided approve(RequestFacts request, Map<String, Object> members) {
        return decide(request, members, ApprovalDecision.APPROVE);
    }

    public Decided reject(RequestFacts request, Map<String, Object> members) {
        return decide(request, members, ApprovalDecision.REJECT);
    }

    private Decided decide(RequestFacts request, Map<String, Object> members, String decision) {
        return invocations.run(request, SERVICE, EventRW.Write, members, DecisionRequest.class, (invocation, input) -> {
            String id = authorizeOn(invocation, "tdeguard:DecideApproval", input.approvalId());
            String comment = comment(input.comment());
            Approval approval = approvals.decide(approvals.lockForDecision(id), invocation.caller().userName(),
                    decision, comment);
            invocation.response(Map.of("ApprovalId", id, "Status", approval.status));
            return new Decided(invocation.requestId(), id, approval.status);
        });
    }

    /** RevokeApproval: someone allowed to ends a Pending or Approved approval that no call holds. */
    public Decided revoke(RequestFacts request, Map<String, Object> members) {
        return invocations.run(request, SERVICE, EventRW.Write, members, DecisionRequest.class, (invocation, input) -> {
            String id = authorizeOn(invocation, "tdeguard:RevokeApproval", input.approvalId());
            String comment = comment(input.comment());
            Approval approval = approvals.end(approvals.lockForDecision(id), Approval.REVOKED,
                    invocation.caller().userName(), comment);
            invocation.response(Map.of("ApprovalId", id, "Status", approval.status));
            return new Decided(invocation.requestId(), id, approval.status);
        });
    }

    /** CancelApproval: the requester ends their own Pending or Approved approval that no call holds. */
    public Decided cancel(RequestFacts request, Map<String, Object> members) {
        return invocations.run(request, SERVICE, EventRW.Write, members, ApprovalRef.class, (invocation, input) -> {
            String id = authorizeOn(invocation, "tdeguard:CancelApproval", input.approvalId());
            Approval locked = approvals.lockForDecision(id);
            String caller = invocation.caller().userName();
            if (!locked.requester.equals(caller)) {
                throw new ApiException("Forbidden.NotRequester", 403, "user \"" + caller + "\" did not request approval \""
                        + id + "\": only its requester can cancel it (RevokeApproval ends another user's)");
            }
            Approval approval = approvals.end(locked, Approval.CANCELLED, caller, null);
            invocation.response(Map.of("ApprovalId", id, "Status", approval.status));
            return new Decided(invocation.requestId(), id, approval.status);
        });
    }

    public ApprovalView describe(RequestFacts request, Map<String, Object> members) {
        return invocations.run(request, SERVICE, EventRW.Read, members, ApprovalRef.class, (invocation, input) -> {
            String id = authorizeOn(invocation, "tdeguard:DescribeApproval", input.approvalId());
            Approval approval = approvals.find(id);
            return ApprovalView.of(invocation.requestId(), approval, approvals.decisionsOf(id), clock.instant());
        });
    }

    /**
     * Authorizes an action on an approval: on its ARN and with condition keys that describe the change it approves
     * ({@code tdeguard:ApprovalAction}, {@code tdeguard:ApprovalResource} and the bound request's own keys, such as
     * {@code kvstore:TDEStatus}), so that a policy can let an approver decide changes of some resources only. An
     * approval that does not exist has no such keys: a scoped policy then refuses, a broad one learns it is missing.
     *
     * @return the approval id, well formed
     */
    private String authorizeOn(Invocation invocation, String action, String rawApprovalId) {
        String id = approvalId(rawApprovalId);
        String resource = approvalArn(id);
        invocation.resource(resource).approval(id);
        Map<String, String> keys = new LinkedHashMap<>();
        approvals.findOptional(id).ifPresent(approval -> {
            BoundChange change = approvableAction(approval.action).bind(parameters(approval));
            invocation.instance(change.instanceId(), change.regionId());
            keys.put(APPROVAL_ACTION_KEY, approval.action);
            keys.put(APPROVAL_RESOURCE_KEY, approval.resourceArn);
            keys.putAll(change.conditionKeys());
        });
        invocations.authorize(invocation, action, resource, keys);
        return id;
    }

    private Map<String, Object> parameters(Approval approval) {
        try {
            return json.readValue(approval.parameters, JSON_OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored parameters of approval " + approval.approvalId + " are not JSON", e);
        }
    }

    private static String comment(String comment) {
        if (comment != null && comment.length() > MAX_REASON_LENGTH) {
            throw ApiException.invalidParameter("Comment", "longer than " + MAX_REASON_LENGTH + " characters");
        }
        return comment;
    }

    private String approvalArn(String approvalId) {
        return "acs:tdeguard::" + config.accountId() + ":approval/" + approvalId;
    }

    private ApprovableAction approvableAction(String action) {
        if (action == null || action.isBlank()) {
            throw ApiException.missingParameter("Action");
        }
        for (ApprovableAction candidate : approvableActions) {
            if (candidate.action().equalsIgnoreCase(action)) {
                return candidate;
            }
        }
        throw ApiException.invalidParameter("Action", "\"" + action + "\" does not take approvals");
    }

    private static String approvalId(String approvalId) {
        if (approvalId == null || approvalId.isBlank()) {
            throw ApiException.missingParameter("ApprovalId");
        }
        if (!approvalId.matches("apv-[0-9a-f]{24}")) {
            throw ApiException.invalidParameter("ApprovalId", "\"" + approvalId + "\" is not an approval id");
        }
        return approvalId;
    }

    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw ApiException.missingParameter("Reason");
        }
        if (reason.length() > MAX_REASON_LENGTH) {
            throw ApiException.invalidParameter("Reason", "longer than " + MAX_REASON_LENGTH + " characters");
        }
        return reason;
    }

    private Duration ttl(Long expiresInSeconds) {
        if (expiresInSeconds == null) {
            return config.approval().defaultTtl();
        }
        Duration max = config.approval().maxTtl();
        if (expiresInSeconds < 60 || expiresInSeconds > max.toSeconds()) {
            throw ApiException.invalidParameter("ExpiresInSeconds", "must be between 60 and " + max.toSeconds());
        }
        return Duration.ofSeconds(expiresInSeconds);
    }
}
