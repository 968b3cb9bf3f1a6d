package io.tdeguard.function;

import io.quarkus.funqy.Funq;
import io.tdeguard.application.approval.ApprovalWorkflow;
import io.tdeguard.approval.ApprovalView;
import io.tdeguard.web.CurrentRequest;

/** Approvals: requested by one user, decided by others, read by anyone allowed to. */
public class ApprovalFunctions {

    private final ApprovalWorkflow workflow;
    private final CurrentRequest request;

    ApprovalFunctions(ApprovalWorkflow workflow, CurrentRequest request) {
        this.workflow = workflow;
        this.request = request;
    }

    public record Decision(String approvalId, String comment) {
    }

    public record ApprovalRef(String approvalId) {
    }

    @Funq("CreateApproval")
    public ApprovalWorkflow.Created createApproval(ApprovalWorkflow.CreateRequest input) {
        return workflow.create(request.facts(), input == null ? new ApprovalWorkflow.CreateRequest(null, null, null, null) : input);
    }

    @Funq("ApproveApproval")
    public ApprovalWorkflow.Decided approveApproval(Decision input) {
        Decision decision = input == null ? new Decision(null, null) : input;
        return workflow.approve(request.facts(), decision.approvalId(), decision.comment());
    }

    @Funq("RejectApproval")
    public ApprovalWorkflow.Decided rejectApproval(Decision input) {
        Decision decision = input == null ? new Decision(null, null) : input;
        return workflow.reject(request.facts(), decision.approvalId(), decision.comment());
    }

    @Funq("DescribeApproval")
    public ApprovalView describeApproval(ApprovalRef input) {
        return workflow.describe(request.facts(), input == null ? null : input.approvalId());
    }
}
