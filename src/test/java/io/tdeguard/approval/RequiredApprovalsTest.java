package io.tdeguard.approval;

import static org.hamcrest.Matchers.equalTo;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tdeguard.kvstore.simulator.SimulatorInstances;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;
import io.tdeguard.support.TestInstances;

/** M of N per resource: a matching ARN pattern raises the number of distinct approvers a change needs. */
@QuarkusTest
@TestProfile(RequiredApprovalsTest.TwoForProduction.class)
class RequiredApprovalsTest {

    public static class TwoForProduction implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tdeguard.approval.required-approvals-for.\"acs:kvstore:*:*:instance/r-prod*\"", "2",
                    "tdeguard.approval.required-approvals-for.\"acs:kvstore:cn-shanghai:*:instance/*\"", "3");
        }
    }

    @Inject
    SimulatorInstances instances;

    @Test
    void aMatchingResourceNeedsTwoDistinctApproversAndTheRequesterNeverCounts() {
        String prod = "r-prod" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36).toLowerCase(Locale.ROOT);
        instances.create(prod, "cn-hangzhou", "7.0", true);
        Identity requester = Fixtures.userWithPolicy("requester", Fixtures.REQUESTER_POLICY);
        Identity first = Fixtures.userWithPolicy("approver", Fixtures.APPROVER_POLICY);
        Identity second = Fixtures.userWithPolicy("approver", Fixtures.APPROVER_POLICY);
        Map<String, String> change = Map.of("InstanceId", prod, "TDEStatus", "Enabled");

        String approvalId = Fixtures.requestApproval(requester, change);
        SignedClient.call(requester, "DescribeApproval", Map.of("ApprovalId", approvalId)).send().then()
                .statusCode(200).body("RequiredApprovals", equalTo(2));

        Fixtures.approve(first, approvalId);
        SignedClient.call(first, "ApproveApproval", Map.of("ApprovalId", approvalId)).send().then()
                .statusCode(400).body("Code", equalTo("Approval.AlreadyDecided"));
        SignedClient.call(requester, "ModifyInstanceTDE", change).send().then().statusCode(403)
                .body("Code", equalTo("Forbidden.ApprovalRequired"));

        Fixtures.approve(second, approvalId);
        SignedClient.call(requester, "ModifyInstanceTDE", change).send().then().statusCode(200);
    }

    @Test
    void anyOtherResourceKeepsTheDefault() {
        Identity requester = Fixtures.userWithPolicy("requester", Fixtures.REQUESTER_POLICY);
        String approvalId = Fixtures.requestApproval(requester,
                Map.of("InstanceId", TestInstances.supportingTde(), "TDEStatus", "Enabled"));
        SignedClient.call(requester, "DescribeApproval", Map.of("ApprovalId", approvalId)).send().then()
                .statusCode(200).body("RequiredApprovals", equalTo(1));
    }
}
