package io.tdeguard.tde;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;
import io.tdeguard.support.TestInstances;

/** ModifyInstanceTDE refused by RAM before any approval is looked at: explicit Deny, no Allow, a condition unmet. */
@QuarkusTest
class PermissionTest {

    Identity approver;
    String instanceId;
    Map<String, String> change;

    @BeforeEach
    void approvedChange() {
        approver = Fixtures.userWithPolicy("approver", Fixtures.APPROVER_POLICY);
        instanceId = TestInstances.supportingTde();
        change = Map.of("InstanceId", instanceId, "TDEStatus", "Enabled");
    }

    @Test
    void deniesByAnExplicitDenyEvenWhenAnotherStatementAllows() {
        Identity requester = Fixtures.userWithPolicy("denied", """
                {"Version":"1","Statement":[
                  {"Effect":"Allow","Action":"*","Resource":"*"},
                  {"Sid":"NoTdeOnThisInstance","Effect":"Deny","Action":"kvstore:ModifyInstanceTDE",
                   "Resource":"acs:kvstore:*:*:instance/%s"}]}""".formatted(instanceId));
        Fixtures.approve(approver, Fixtures.requestApproval(requester, change));

        Response denied = SignedClient.call(requester, "ModifyInstanceTDE", change).send();
        denied.then()
                .statusCode(403).body("Code", equalTo("Forbidden.RAM"))
                .body("AccessDeniedDetail.NoPermissionType", equalTo("ExplicitDeny"))
                .body("AccessDeniedDetail.AuthAction", equalTo("kvstore:ModifyInstanceTDE"))
                .body("AccessDeniedDetail.MatchedStatements", hasItem(containsString("NoTdeOnThisInstance")));
        TestInstances.assertNoTdeCall(instanceId);

        Identity auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);
        Map<String, Object> event = ModifyInstanceTdeTest.eventsOf(auditor, instanceId).stream()
                .filter(e -> denied.path("RequestId").equals(e.get("requestId"))).findFirst().orElseThrow();
        assertEquals("Denied", event.get("outcome"));
        assertEquals("Forbidden.RAM", event.get("errorCode"));
        Map<?, ?> decision = (Map<?, ?>) event.get("decision");
        assertEquals("ExplicitDeny", decision.get("effect"));
        assertTrue(((List<?>) decision.get("reasons")).stream().anyMatch(r -> r.toString().contains("NoTdeOnThisInstance")),
                "the trail names the denying statement: " + decision);
    }

    @Test
    void deniesWhenNoStatementAllows() {
        Identity requester = Fixtures.userWithPolicy("reader", """
                {"Version":"1","Statement":[{"Effect":"Allow","Action":"kvstore:Describe*","Resource":"*"}]}""");

        SignedClient.call(requester, "ModifyInstanceTDE", change).send().then()
                .statusCode(403).body("Code", equalTo("Forbidden.RAM"))
                .body("AccessDeniedDetail.NoPermissionType", equalTo("ImplicitDeny"))
                .body("Message", containsString(requester.userName()));
        TestInstances.assertNoTdeCall(instanceId);
    }

    @Test
    void deniesWhenTheTdeStatusConditionDoesNotHold() {
        Identity requester = Fixtures.userWithPolicy("conditional", """
                {"Version":"1","Statement":[
                  {"Effect":"Allow","Action":"tdeguard:CreateApproval","Resource":"*"},
                  {"Effect":"Allow","Action":"kvstore:ModifyInstanceTDE","Resource":"*",
                   "Condition":{"StringEquals":{"kvstore:TDEStatus":"Disabled"}}}]}""");
        Fixtures.approve(approver, Fixtures.requestApproval(requester, change));

        SignedClient.call(requester, "ModifyInstanceTDE", change).send().then()
                .statusCode(403).body("Code", equalTo("Forbidden.RAM"))
                .body("AccessDeniedDetail.NoPermissionType", equalTo("ImplicitDeny"));
        TestInstances.assertNoTdeCall(instanceId);
    }

    @Test
    void allowsThroughAGroupsPolicy() {
        Identity member = Fixtures.userWithPolicy("member", null);
        String group = Fixtures.unique("tde-operators");
        String policy = Fixtures.unique("group-policy");
        Fixtures.admin("CreateGroup", Map.of("GroupName", group)).then().statusCode(200);
        Fixtures.admin("CreatePolicy", Map.of("PolicyName", policy, "PolicyDocument", Fixtures.REQUESTER_POLICY)).then().statusCode(200);
        Fixtures.admin("AttachPolicyToGroup", Map.of("PolicyName", policy, "GroupName", group)).then().statusCode(200);
        Fixtures.admin("AddUserToGroup", Map.of("UserName", member.userName(), "GroupName", group)).then().statusCode(200);
        Fixtures.approve(approver, Fixtures.requestApproval(member, change));

        SignedClient.call(member, "ModifyInstanceTDE", change).send().then().statusCode(200);
    }

    @Test
    void aCallerNotAllowedLearnsNothingOfWhetherAnInstanceExists() {
        Identity nobody = Fixtures.userWithPolicy("nobody", null);
        String existing = TestInstances.supportingTde();
        for (Map<String, String> change : List.of(
                Map.of("InstanceId", existing, "TDEStatus", "Enabled"),
                Map.of("InstanceId", existing, "TDEStatus", "Enabled", "RegionId", "cn-shanghai"),
                Map.of("InstanceId", "r-doesnotexist0001", "TDEStatus", "Enabled"))) {
            SignedClient.call(nobody, "ModifyInstanceTDE", change).send().then().statusCode(403)
                    .body("Code", org.hamcrest.Matchers.equalTo("Forbidden.RAM"));
            SignedClient.call(nobody, "DescribeInstanceTDEStatus", Map.of("InstanceId", change.get("InstanceId")))
                    .send().then().statusCode(403).body("Code", org.hamcrest.Matchers.equalTo("Forbidden.RAM"));
        }
    }
}
