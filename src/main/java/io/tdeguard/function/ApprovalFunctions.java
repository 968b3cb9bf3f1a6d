package io.tdeguard.function;

import io.quarkus.funqy.Funq;
import io.tdeguard.approval.ApprovalView;
import io.tdeguard.application.approval.ApprovalWorkflow;

/** Approvals: requested by one user, decided by others, read by anyone allowed to. */
public class ApprovalFunctions {

    private final ApprovalWorkflow workflow;

    ApprovalFunctions(ApprovalWorkflow workflow) {
        this.workflow = workflow;
    }

    public record Decision(String approvalId, String comment) {
    }

    public record ApprovalRef(String approvalId) {
    }

    @Funq("CreateApproval")
    public ApprovalWorkflow.Created createApproval(ApprovalWorkflow.CreateRequest input) {
        return workflow.create(input == null ? new ApprovalWorkflow.CreateRequest(null, null, null, null) : input);
    }

    @Funq("ApproveApproval")
    public ApprovalWorkflow.Decided approveApproval(Decision input) {
        Decision decision = input == null ? new Decision(null, null) : input;
        return workflow.approve(decision.approvalId(), decision.comment());
    }

    @Funq("RejectApproval")
    public ApprovalWorkflow.Decided rejectApproval(Decision input) {
        Decision decision = input == null ? new Decision(null, null) : input;
        return workflow.reject(decision.approvalId(), decision.comment());
    }

    @Funq("DescribeApproval")
    public ApprovalView describeApproval(ApprovalRef input) {
        return workflow.describe(input == null ? null : input.approvalId());
    }
}
