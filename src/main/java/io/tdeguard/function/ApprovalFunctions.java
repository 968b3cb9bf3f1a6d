package io.tdeguard.function;

import java.util.Map;

import io.quarkus.funqy.Funq;
import io.tdeguard.application.approval.ApprovalWorkflow;
import io.tdeguard.approval.ApprovalView;
import io.tdeguard.web.CurrentRequest;

/**
 * Approvals: requested by one user, decided by others, revoked or cancelled before use, read by anyone allowed to.
 * Members are taken as sent and bound strictly by the use case.
 */
public class ApprovalFunctions {

    private final ApprovalWorkflow workflow;
    private final CurrentRequest request;

    ApprovalFunctions(ApprovalWorkflow workflow, CurrentRequest request) {
        this.workflow = workflow;
        this.request = request;
    }

    @Funq("CreateApproval")
    public ApprovalWorkflow.Created createApproval(Map<String, Object> members) {
        return workflow.create(request.facts(), members);
    }

    @Funq("ApproveApproval")
    public ApprovalWorkflow.Decided approveApproval(Map<String, Object> members) {
        return workflow.approve(request.facts(), members);
    }

    @Funq("RejectApproval")
    public ApprovalWorkflow.Decided rejectApproval(Map<String, Object> members) {
        return workflow.reject(request.facts(), members);
    }

    @Funq("RevokeApproval")
    public ApprovalWorkflow.Decided revokeApproval(Map<String, Object> members) {
        return workflow.revoke(request.facts(), members);
    }

    @Funq("CancelApproval")
    public ApprovalWorkflow.Decided cancelApproval(Map<String, Object> members) {
        return workflow.cancel(request.facts(), members);
    }

    @Funq("DescribeApproval")
    public ApprovalView describeApproval(Map<String, Object> members) {
        return workflow.describe(request.facts(), members);
    }
}
