package io.tdeguard.application.approval;

import io.tdeguard.api.RequestFacts;
import io.tdeguard.approval.ApprovableAction;
import io.tdeguard.approval.Approval;
import io.tdeguard.approval.ApprovalDecision;
import io.tdeguard.approval.ApprovalView;
import io.tdeguard.approval.Approvals;
import io.tdeguard.approval.BoundChange;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.tdeguard.api.ApiException;
import io.tdeguard.application.Invocations;
import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.config.TdeGuardConfig;

/**
 * The approval functions: CreateApproval by a requester, ApproveApproval / RejectApproval by other users,
 * DescribeApproval. Each authenticates, validates, checks its RAM action, acts, and is audited.
 */
@ApplicationScoped
public class ApprovalWorkflow {

    static final String SERVICE = "tdeguard";
    static final int MAX_REASON_LENGTH = 1024;

    private final Invocations invocations;
    private final Approvals approvals;
    private final Instance<ApprovableAction> approvableActions;
    private final TdeGuardConfig config;
    private final Clock clock;

    ApprovalWorkflow(Invocations invocations, Approvals approvals,
            Instance<ApprovableAction> approvableActions, TdeGuardConfig config, Clock clock) {
        this.invocations = invocations;
        this.approvals = approvals;
        this.approvableActions = approvableActions;
        this.config = config;
        this.clock = clock;
    }

    public record CreateRequest(String action, Map<String, Object> parameters, String reason, Long expiresInSeconds) {
    }

    public record Created(String requestId, String approvalId, String status, int requiredApprovals, String expiresAt) {
    }

    public record Decided(String requestId, String approvalId, String status) {
    }

    public Created create(RequestFacts request, CreateRequest creation) {
        return invocations.run(request, SERVICE, EventRW.Write, invocation -> {
            Map<String, Object> logged = new LinkedHashMap<>();
            logged.put("Action", creation.action());
            logged.put("Parameters", creation.parameters());
            logged.put("Reason", creation.reason());
            logged.put("ExpiresInSeconds", creation.expiresInSeconds());
            invocation.parameters(logged);
            BoundChange change = approvableAction(creation.action()).bind(creation.parameters());
            String reason = reason(creation.reason());
            Duration ttl = ttl(creation.expiresInSeconds());
            invocation.resource(change.resourceArn()).instance(change.instanceId(), change.regionId());
            invocations.authorize(invocation, "tdeguard:CreateApproval", change.resourceArn(), change.conditionKeys());
            Approval approval = approvals.create(change, invocation.caller().userName(), reason, ttl,
                    config.approval().requiredApprovals());
            invocation.approval(approval.approvalId).response(Map.of("ApprovalId", approval.approvalId,
                    "Status", approval.status, "ExpiresAt", approval.expiresAt.toString()));
            return new Created(invocation.requestId(), approval.approvalId, approval.status,
                    approval.requiredApprovals, approval.expiresAt.toString());
        });
    }

    public Decided approve(RequestFacts request, String approvalId, String comment) {
        return decide(request, approvalId, ApprovalDecision.APPROVE, comment);
    }

    public Decided reject(RequestFacts request, String approvalId, String comment) {
        return decide(request, approvalId, ApprovalDecision.REJECT, comment);
    }

    private Decided decide(RequestFacts request, String approvalId, String decision, String comment) {
        return invocations.run(request, SERVICE, EventRW.Write, invocation -> {
            Map<String, Object> logged = new LinkedHashMap<>();
            logged.put("ApprovalId", approvalId);
            logged.put("Comment", comment);
            invocation.parameters(logged);
            String id = approvalId(approvalId);
            String resource = approvalArn(id);
            invocation.resource(resource).approval(id);
            invocations.authorize(invocation, "tdeguard:DecideApproval", resource, Map.of());
            if (comment != null && comment.length() > MAX_REASON_LENGTH) {
                throw ApiException.invalidParameter("Comment", "longer than " + MAX_REASON_LENGTH + " characters");
            }
            Approval approval = approvals.decide(approvals.lockForDecision(id), invocation.caller().userName(),
                    decision, comment);
            invocation.response(Map.of("ApprovalId", id, "Status", approval.status));
            return new Decided(invocation.requestId(), id, approval.status);
        });
    }

    public ApprovalView describe(RequestFacts request, String approvalId) {
        return invocations.run(request, SERVICE, EventRW.Read, invocation -> {
            invocation.parameters(Map.of("ApprovalId", String.valueOf(approvalId)));
            String id = approvalId(approvalId);
            String resource = approvalArn(id);
            invocation.resource(resource).approval(id);
            invocations.authorize(invocation, "tdeguard:DescribeApproval", resource, Map.of());
            Approval approval = approvals.find(id);
            return ApprovalView.of(invocation.requestId(), approval, approvals.decisionsOf(id), clock.instant());
        });
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
