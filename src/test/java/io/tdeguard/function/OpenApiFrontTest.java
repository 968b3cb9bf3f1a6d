package io.tdeguard.function;

import static io.tdeguard.support.OfficialSdk.failure;
import static io.tdeguard.support.OfficialSdk.ok;
import static io.tdeguard.support.OfficialSdk.once;
import static io.tdeguard.support.OfficialSdk.status;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.aliyun.r_kvstore20150101.Client;
import com.aliyun.r_kvstore20150101.models.DescribeInstanceTDEStatusRequest;
import com.aliyun.r_kvstore20150101.models.FlushInstanceRequest;
import com.aliyun.r_kvstore20150101.models.ModifyInstanceTDERequest;
import com.aliyun.tea.TeaException;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.OfficialSdk;
import io.tdeguard.support.SignedClient;
import io.tdeguard.support.TestInstances;

/**
 * The OpenAPI-compatible front: the official SDK, unmodified, pointed at the function's own endpoint with a user's
 * AccessKey, calls ModifyInstanceTDE and DescribeInstanceTDEStatus RPC style, and goes through the same
 * authentication, permission check, approval and audit as a Funqy call.
 */
@QuarkusTest
class OpenApiFrontTest {

    Identity requester;
    Identity approver;
    Identity auditor;
    String instanceId;

    @BeforeEach
    void identitiesAndInstance() {
        requester = Fixtures.userWithPolicy("requester", Fixtures.REQUESTER_POLICY);
        approver = Fixtures.userWithPolicy("approver", Fixtures.APPROVER_POLICY);
        auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);
        instanceId = TestInstances.supportingTde();
    }

    @Test
    void theSdkEnablesTdeThroughTheApprovalGateAndTheAuditTrail() {
        Client sdk = sdkOf(requester);
        ModifyInstanceTDERequest enable = new ModifyInstanceTDERequest().setInstanceId(instanceId).setTDEStatus("Enabled");
        assertEquals("Disabled", tdeStatus(sdk));

        TeaException unapproved = failure(() -> sdk.modifyInstanceTDEWithOptions(enable, once()));
        assertEquals("Forbidden.ApprovalRequired", unapproved.getCode());
        assertEquals(403, status(unapproved));
        TestInstances.assertNoTdeCall(instanceId);

        String approvalId = Fixtures.requestApproval(requester, Map.of("InstanceId", instanceId, "TDEStatus", "Enabled"));
        Fixtures.approve(approver, approvalId);
        var modified = ok(() -> sdk.modifyInstanceTDEWithOptions(enable, once()));

        assertEquals(200, modified.getStatusCode());
        String requestId = modified.getBody().getRequestId();
        assertTrue(requestId.matches("[0-9A-F-]{36}"), requestId);
        assertEquals(requestId, modified.getHeaders().get("x-acs-request-id"));
        assertEquals("Enabled", tdeStatus(sdk));
        SignedClient.call(approver, "DescribeApproval", Map.of("ApprovalId", approvalId)).send().then()
                .statusCode(200).body("Status", equalTo("Consumed"));

        List<Map<String, Object>> events = events(instanceId);
        Map<String, Object> outcome = events.get(0);
        Map<String, Object> intent = events.get(1);
        Map<String, Object> refusal = events.get(2);
        assertEquals(List.of("outcome", "intent", "single"), List.of(outcome.get("phase"), intent.get("phase"), refusal.get("phase")));
        assertEquals("Forbidden.ApprovalRequired", refusal.get("errorCode"));
        assertEquals("ModifyInstanceTDE", intent.get("eventName"));
        assertEquals(requestId, intent.get("requestId"));
        assertEquals(requestId, outcome.get("requestId"));
        assertEquals("Succeeded", outcome.get("outcome"));
        assertEquals(approvalId, intent.get("approvalId"));
        assertEquals(Map.of("InstanceId", instanceId, "TDEStatus", "Enabled"), intent.get("requestParameters"));
        @SuppressWarnings("unchecked")
        Map<String, Object> identity = (Map<String, Object>) intent.get("userIdentity");
        assertEquals(requester.userName(), identity.get("userName"));
        assertEquals(requester.accessKeyId(), identity.get("accessKeyId"));
        assertTrue(String.valueOf(intent.get("userAgent")).startsWith("AlibabaCloud"), String.valueOf(intent.get("userAgent")));
    }

    @Test
    void theSdkIsRefusedByRamLikeAFunqyCall() {
        Identity nobody = Fixtures.userWithPolicy("nobody", null);

        TeaException denied = failure(() -> sdkOf(nobody).describeInstanceTDEStatusWithOptions(
                new DescribeInstanceTDEStatusRequest().setInstanceId(instanceId), once()));

        assertEquals("Forbidden.RAM", denied.getCode());
        assertEquals(403, status(denied));
        assertTrue(denied.getData().containsKey("AccessDeniedDetail"), denied.getData().toString());
    }

    @Test
    void aWrongSecretIsRefusedBeforeAnyTdeCall() {
        Client forged = OfficialSdk.client(RestAssured.port, requester.accessKeyId(), "not-the-secret", null);

        TeaException refused = failure(() -> forged.modifyInstanceTDEWithOptions(
                new ModifyInstanceTDERequest().setInstanceId(instanceId).setTDEStatus("Enabled"), once()));

        assertEquals("SignatureDoesNotMatch", refused.getCode());
        assertEquals(400, status(refused));
        TestInstances.assertNoTdeCall(instanceId);
    }

    @Test
    void anActionTheFunctionDoesNotServeIsNotFound() {
        TeaException notFound = failure(() -> sdkOf(requester).flushInstanceWithOptions(
                new FlushInstanceRequest().setInstanceId(instanceId), once()));

        assertEquals("InvalidAction.NotFound", notFound.getCode());
        assertEquals(404, status(notFound));
        assertTrue(notFound.getMessage().contains("DescribeInstanceAttribute"), notFound.getMessage());
    }

    @Test
    void theFunqyPathStillServesTheSameUseCase() {
        SignedClient.call(requester, "DescribeInstanceTDEStatus", Map.of("InstanceId", instanceId)).send().then()
                .statusCode(200).body("TDEStatus", equalTo("Disabled"));
        assertEquals("Disabled", tdeStatus(sdkOf(requester)));
    }

    private static Client sdkOf(Identity identity) {
        return OfficialSdk.client(RestAssured.port, identity.accessKeyId(), identity.accessKeySecret(), null);
    }

    private String tdeStatus(Client sdk) {
        return ok(() -> sdk.describeInstanceTDEStatusWithOptions(
                new DescribeInstanceTDEStatusRequest().setInstanceId(instanceId), once())).getBody().getTDEStatus();
    }

    private List<Map<String, Object>> events(String instance) {
        Response page = SignedClient.call(auditor, "LookupEvents", Fixtures.recent(Map.of("InstanceId", instance,
                "EventName", "ModifyInstanceTDE"))).send();
        page.then().statusCode(200);
        return page.path("Events");
    }
}
