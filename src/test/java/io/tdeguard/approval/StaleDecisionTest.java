package io.tdeguard.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.tdeguard.api.ApiException;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.TestInstances;

/**
 * A decision reads the approval again under its lock: what the transaction loaded before (to authorize the call) may
 * have changed meanwhile, and deciding on that stale status would bring a revoked approval back.
 */
@QuarkusTest
class StaleDecisionTest {

    @Inject
    Approvals approvals;

    @Test
    void anApprovalRevokedAfterItWasReadCannotBeApprovedOnTheStaleRead() {
        Identity requester = Fixtures.userWithPolicy("requester", Fixtures.REQUESTER_POLICY);
        String approvalId = Fixtures.requestApproval(requester,
                Map.of("InstanceId", TestInstances.supportingTde(), "TDEStatus", "Enabled"));

        QuarkusTransaction.begin();
        ApiException refused;
        try {
            assertEquals(Approval.PENDING, approvals.findOptional(approvalId).orElseThrow().status);
            QuarkusTransaction.requiringNew().run(() ->
                    approvals.end(approvals.lockForDecision(approvalId), Approval.REVOKED, "revoker", "stop"));
            refused = assertThrows(ApiException.class, () -> approvals.decide(approvals.lockForDecision(approvalId),
                    "approver", ApprovalDecision.APPROVE, null));
        } finally {
            QuarkusTransaction.rollback();
        }

        assertEquals("IncorrectApprovalStatus", refused.code());
        assertEquals(Approval.REVOKED, QuarkusTransaction.requiringNew().call(() -> approvals.find(approvalId).status));
    }
}
