package io.tdeguard.approval;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An approval as DescribeApproval shows it, with the Alibaba field names. */
@RegisterForReflection
public record ApprovalView(String requestId, String approvalId, String action, String resource, String parameters,
        String reason, String requester, String status, int requiredApprovals, String createdAt, String expiresAt,
        List<DecisionView> decisions, String endedBy, String endedAt, String endComment) {

    @RegisterForReflection
    public record DecisionView(String approver, String decision, String comment, String decidedAt) {
    }

    public static ApprovalView of(String requestId, Approval approval, List<ApprovalDecision> decisions, Instant now) {
        return new ApprovalView(requestId, approval.approvalId, approval.action, approval.resourceArn,
                approval.parameters, approval.reason, approval.requester, approval.statusAt(now),
                approval.requiredApprovals, approval.createdAt.toString(), approval.expiresAt.toString(),
                decisions.stream().map(d -> new DecisionView(d.key.approver(), d.decision, d.comment,
                        d.decidedAt.toString())).toList(),
                approval.endedBy, approval.endedAt == null ? null : approval.endedAt.toString(), approval.endComment);
    }
}
