package io.tdeguard.tde;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;
import io.tdeguard.support.TestInstances;

/** The approval gate: a change goes through only with an approved, unexpired, unused approval bound to exactly it. */
@QuarkusTest
class ApprovalGateTest {

    @Inject
    EntityManager entityManager;

    Identity requester;
    Identity approver;
    String instanceId;
    Map<String, String> change;

    @BeforeEach
    void identities() {
        requester = Fixtures.userWithPolicy("requester", Fixtures.REQUESTER_POLICY);
        approver = Fixtures.userWithPolicy("approver", Fixtures.APPROVER_POLICY);
        instanceId = TestInstances.supportingTde();
        change = Map.of("InstanceId", instanceId, "TDEStatus", "Enabled");
    }

    @Test
    void refusesWithoutAnyApproval() {
        SignedClient.call(requester, "ModifyInstanceTDE", change).send().then()
                .statusCode(403).body("Code", equalTo("Forbidden.ApprovalRequired"))
                .body("Message", containsString("you have no approval bound to this change"));
        TestInstances.assertNoTdeCall(instanceId);
    }

    @Test
    void refusesWhileTheApprovalIsPending() {
        String approvalId = Fixtures.requestApproval(requester, change);
        SignedClient.call(requester, "ModifyInstanceTDE", change).send().then()
                .statusCode(403).body("Code", equalTo("Forbidden.ApprovalRequired"))
                .body("Message", containsString(approvalId + " Pending"));
        TestInstances.assertNoTdeCall(instanceId);
    }

    @Test
    void refusesAnExpiredApproval() {
        String approvalId = Fixtures.requestApproval(requester, change);
        Fixtures.approve(approver, approvalId);
        expire(approvalId);

        SignedClient.call(requester, "ModifyInstanceTDE", change).send().then()
                .statusCode(403).body("Code", equalTo("Forbidden.ApprovalRequired"))
                .body("Message", containsString(approvalId + " Expired"));
        TestInstances.assertNoTdeCall(instanceId);
    }

    @Test
    void refusesAnApprovalForAnotherInstance() {
        String otherInstance = TestInstances.supportingTde();
        Fixtures.approve(approver, Fixtures.requestApproval(requester, Map.of("InstanceId", otherInstance, "TDEStatus", "Enabled")));

        SignedClient.call(requester, "ModifyInstanceTDE", change).send().then()
                .statusCode(403).body("Code", equalTo("Forbidden.ApprovalRequired"));
        TestInstances.assertNoTdeCall(instanceId);
    }

    @Test
    void refusesAnApprovalForOtherParameters() {
        Fixtures.approve(approver, Fixtures.requestApproval(requester,
                Map.of("InstanceId", instanceId, "TDEStatus", "Enabled", "EncryptionKey", "0d2470df-da7b-4786-b981-9a164dae0001")));

        SignedClient.call(requester, "ModifyInstanceTDE",
                Map.of("InstanceId", instanceId, "TDEStatus", "Enabled", "EncryptionKey", "0d2470df-da7b-4786-b981-9a164dae0002"))
                .send().then().statusCode(403).body("Code", equalTo("Forbidden.ApprovalRequired"));
        SignedClient.call(requester, "ModifyInstanceTDE", change).send().then()
                .statusCode(403).body("Code", equalTo("Forbidden.ApprovalRequired"));
        TestInstances.assertNoTdeCall(instanceId);
    }

    @Test
    void bindsDefaultsSoThatTheSameChangeMatchesHoweverItIsSpelled() {
        Fixtures.approve(approver, Fixtures.requestApproval(requester, change));
        SignedClient.call(requester, "ModifyInstanceTDE", Map.of("InstanceId", instanceId, "TDEStatus", "Enabled",
                "RegionId", "cn-hangzhou", "EncryptionName", "AES-CTR-256")).send().then().statusCode(200);
    }

    @Test
    void refusesAnotherUserSpendingTheRequestersApproval() {
        String approvalId = Fixtures.requestApproval(requester, change);
        Fixtures.approve(approver, approvalId);
        Identity bystander = Fixtures.userWithPolicy("bystander", Fixtures.REQUESTER_POLICY);

        SignedClient.call(bystander, "ModifyInstanceTDE", change).send().then()
                .statusCode(403).body("Code", equalTo("Forbidden.ApprovalRequired"))
                .body("Message", not(containsString(approvalId)));
        TestInstances.assertNoTdeCall(instanceId);
        SignedClient.call(requester, "ModifyInstanceTDE", change).send().then()
                .statusCode(200).body("ApprovalId", equalTo(approvalId));
    }

    @Test
    void refusesTheApproverCarryingOutWhatTheyApproved() {
        Identity approvingOperator = Fixtures.userWithPolicy("approving-operator", """
                {"Version":"1","Statement":[{"Effect":"Allow","Action":["tdeguard:*","kvstore:*"],"Resource":"*"}]}""");
        String approvalId = Fixtures.requestApproval(requester, change);
        Fixtures.approve(approvingOperator, approvalId);

        SignedClient.call(approvingOperator, "ModifyInstanceTDE", change).send().then()
                .statusCode(403).body("Code", equalTo("Forbidden.ApprovalRequired"));
        TestInstances.assertNoTdeCall(instanceId);
    }

    @Test
    void refusesSelfApproval() {
        Identity both = Fixtures.userWithPolicy("both", """
                {"Version":"1","Statement":[{"Effect":"Allow","Action":["tdeguard:*","kvstore:*"],"Resource":"*"}]}""");
        String approvalId = Fixtures.requestApproval(both, change);

        SignedClient.call(both, "ApproveApproval", Map.of("ApprovalId", approvalId)).send().then()
                .statusCode(403).body("Code", equalTo("Forbidden.SelfApproval"));
        SignedClient.call(both, "DescribeApproval", Map.of("ApprovalId", approvalId)).send().then()
                .statusCode(200).body("Status", equalTo("Pending"));
    }

    @Test
    void refusesARejectedApproval() {
        String approvalId = Fixtures.requestApproval(requester, change);
        SignedClient.call(approver, "RejectApproval", Map.of("ApprovalId", approvalId, "Comment", "not this week"))
                .send().then().statusCode(200).body("Status", equalTo("Rejected"));
        SignedClient.call(approver, "ApproveApproval", Map.of("ApprovalId", approvalId)).send().then()
                .statusCode(400).body("Code", equalTo("IncorrectApprovalStatus"));
        SignedClient.call(requester, "ModifyInstanceTDE", change).send().then()
                .statusCode(403).body("Code", equalTo("Forbidden.ApprovalRequired"));
    }

    @Test
    void refusesAnApprovalRequestThatCouldNeverBeCarriedOut() {
        SignedClient.call(requester, "CreateApproval", Map.of("Action", "kvstore:ModifyInstanceTDE",
                "Parameters", Map.of("InstanceId", instanceId, "TDEStatus", "Disabled"), "Reason", "turn it off")).send()
                .then().statusCode(400).body("Code", equalTo("InvalidParameter"));
        SignedClient.call(requester, "CreateApproval", Map.of("Action", "kvstore:ModifyInstanceTDE",
                "Parameters", Map.of("InstanceId", "not an id", "TDEStatus", "Enabled"), "Reason", "typo")).send()
                .then().statusCode(400).body("Code", equalTo("InvalidInstanceName.Malformed"));
    }

    /** Moves the approval's expiry into the past, as time would. */
    @Transactional
    void expire(String approvalId) {
        entityManager.createNativeQuery("UPDATE approval SET expires_at = now() - interval '1 second' WHERE approval_id = ?1")
                .setParameter(1, approvalId).executeUpdate();
    }
}
