package io.tdeguard.approval;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tdeguard.kvstore.simulator.InjectedFault;
import io.tdeguard.kvstore.simulator.SimulatorFaults;
import io.tdeguard.kvstore.simulator.SimulatorInstances;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;
import io.tdeguard.support.TestInstances;

/**
 * Approvals scoped by what they approve, and taken back before use: DecideApproval, RevokeApproval and CancelApproval
 * are authorized with the keys of the bound change (tdeguard:ApprovalResource, kvstore:TDEStatus, ...).
 */
@QuarkusTest
class ApprovalScopeTest {

    static final String PROD_APPROVER_POLICY = """
            {"Version":"1","Statement":[
              {"Effect":"Allow","Action":["tdeguard:DecideApproval","tdeguard:RevokeApproval"],
               "Resource":"acs:tdeguard:*:*:approval/*",
               "Condition":{"StringLike":{"tdeguard:ApprovalResource":"acs:kvstore:*:*:instance/r-prod*"},
                            "StringEquals":{"tdeguard:ApprovalAction":"kvstore:ModifyInstanceTDE","kvstore:TDEStatus":"Enabled"}}},
              {"Effect":"Allow","Action":"tdeguard:DescribeApproval","Resource":"*"}]}""";

    static final String REQUESTER_POLICY = """
            {"Version":"1","Statement":[
              {"Effect":"Allow","Action":["kvstore:ModifyInstanceTDE","tdeguard:CreateApproval"],
               "Resource":"acs:kvstore:*:*:instance/*"},
              {"Effect":"Allow","Action":["kvstore:DescribeInstanceTDEStatus","tdeguard:DescribeApproval",
               "tdeguard:CancelApproval"],"Resource":"*"}]}""";

    @Inject
    SimulatorInstances instances;

    @Inject
    SimulatorFaults faults;

    Identity requester;
    Identity prodApprover;
    Identity approver;
    String prodInstance;
    String testInstance;

    @BeforeEach
    void identitiesAndInstances() {
        requester = Fixtures.userWithPolicy("requester", REQUESTER_POLICY);
        prodApprover = Fixtures.userWithPolicy("prod-approver", PROD_APPROVER_POLICY);
        approver = Fixtures.userWithPolicy("approver", Fixtures.APPROVER_POLICY);
        prodInstance = "r-prod" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36).toLowerCase(Locale.ROOT);
        instances.create(prodInstance, "cn-hangzhou", "7.0", true);
        testInstance = TestInstances.supportingTde();
    }

    @Test
    void aScopedApproverDecidesOnlyTheChangesItsPolicyNames() {
        String other = Fixtures.requestApproval(requester, change(testInstance));
        String prod = Fixtures.requestApproval(requester, change(prodInstance));

        decide(prodApprover, "ApproveApproval", other).then().statusCode(403).body("Code", equalTo("Forbidden.RAM"))
                .body("AccessDeniedDetail.NoPermissionType", equalTo("ImplicitDeny"));
        decide(prodApprover, "ApproveApproval", prod).then().statusCode(200).body("Status", equalTo("Approved"));
        status(other, "Pending");
    }

    @Test
    void aScopedApproverLearnsNothingOfAnApprovalThatDoesNotExist() {
        decide(prodApprover, "ApproveApproval", "apv-000000000000000000000000").then().statusCode(403)
                .body("Code", equalTo("Forbidden.RAM"));
        decide(approver, "ApproveApproval", "apv-000000000000000000000000").then().statusCode(404)
                .body("Code", equalTo("InvalidApprovalId.NotFound"));
    }

    @Test
    void aRevokedApprovalCannotBeUsed() {
        String approvalId = Fixtures.requestApproval(requester, change(prodInstance));
        Fixtures.approve(approver, approvalId);

        decide(prodApprover, "RevokeApproval", approvalId).then().statusCode(200).body("Status", equalTo("Revoked"));

        SignedClient.call(requester, "ModifyInstanceTDE", change(prodInstance)).send().then().statusCode(403)
                .body("Code", equalTo("Forbidden.ApprovalRequired")).body("Message", containsString(approvalId + " Revoked"));
        SignedClient.call(approver, "DescribeApproval", Map.of("ApprovalId", approvalId)).send().then().statusCode(200)
                .body("Status", equalTo("Revoked")).body("EndedBy", equalTo(prodApprover.userName()))
                .body("EndComment", equalTo("no longer needed"));
        TestInstances.assertNoTdeCall(prodInstance);
    }

    @Test
    void anApprovalHeldByACallInFlightCannotBeRevokedOrCancelled() {
        String approvalId = Fixtures.requestApproval(requester, change(prodInstance));
        Fixtures.approve(approver, approvalId);
        faults.failNextCall(prodInstance, InjectedFault.RESPONSE_LOST);
        SignedClient.call(requester, "ModifyInstanceTDE", change(prodInstance)).send().then().statusCode(503);
        status(approvalId, "Reserved");

        decide(prodApprover, "RevokeApproval", approvalId).then().statusCode(400)
                .body("Code", equalTo("IncorrectApprovalStatus")).body("Message", containsString("in flight"));
        SignedClient.call(requester, "CancelApproval", Map.of("ApprovalId", approvalId)).send().then().statusCode(400)
                .body("Code", equalTo("IncorrectApprovalStatus"));
        status(approvalId, "Reserved");
    }

    @Test
    void aConsumedApprovalCannotBeRevoked() {
        String approvalId = Fixtures.requestApproval(requester, change(prodInstance));
        Fixtures.approve(approver, approvalId);
        SignedClient.call(requester, "ModifyInstanceTDE", change(prodInstance)).send().then().statusCode(200);

        decide(prodApprover, "RevokeApproval", approvalId).then().statusCode(400)
                .body("Code", equalTo("IncorrectApprovalStatus")).body("Message", containsString("Consumed"));
    }

    @Test
    void onlyTheRequesterCancelsTheirOwnApproval() {
        String approvalId = Fixtures.requestApproval(requester, change(testInstance));
        Identity otherRequester = Fixtures.userWithPolicy("other-requester", REQUESTER_POLICY);

        SignedClient.call(otherRequester, "CancelApproval", Map.of("ApprovalId", approvalId)).send().then()
                .statusCode(403).body("Code", equalTo("Forbidden.NotRequester"));
        SignedClient.call(requester, "CancelApproval", Map.of("ApprovalId", approvalId)).send().then()
                .statusCode(200).body("Status", equalTo("Cancelled"));
        decide(approver, "ApproveApproval", approvalId).then().statusCode(400)
                .body("Code", equalTo("IncorrectApprovalStatus"));
    }

    private static Map<String, String> change(String instanceId) {
        return Map.of("InstanceId", instanceId, "TDEStatus", "Enabled");
    }

    private static io.restassured.response.Response decide(Identity who, String action, String approvalId) {
        return SignedClient.call(who, action, Map.of("ApprovalId", approvalId, "Comment", "no longer needed")).send();
    }

    private void status(String approvalId, String expected) {
        SignedClient.call(approver, "DescribeApproval", Map.of("ApprovalId", approvalId)).send().then()
                .statusCode(200).body("Status", equalTo(expected));
    }
}
