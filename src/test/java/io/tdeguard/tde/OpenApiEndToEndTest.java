package io.tdeguard.tde;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.aliyun.r_kvstore20150101.Client;
import com.aliyun.r_kvstore20150101.models.DescribeInstanceTDEStatusRequest;
import com.aliyun.r_kvstore20150101.models.ModifyInstanceTDERequest;
import com.aliyuncs.r_kvstore.model.v20150101.DescribeEncryptionKeyListRequest;
import com.aliyuncs.r_kvstore.model.v20150101.DescribeInstanceAttributeRequest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.tdeguard.kvstore.simulator.InjectedFault;
import io.tdeguard.kvstore.simulator.SimulatorFaults;
import io.tdeguard.kvstore.simulator.SimulatorInstances;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.OfficialSdk;
import io.tdeguard.support.SignedClient;
import io.tdeguard.support.V1Sdk;
import io.tdeguard.support.emulator.EmulatorResource;
import io.tdeguard.support.emulator.KvstoreEmulator;
import io.tdeguard.support.emulator.KvstoreEmulator.Received;
import io.tdeguard.support.emulator.OpenApiTestProfile;

/**
 * The README's walkthrough with {@code tdeguard.tde.backend=openapi}: every call signed like a real client, the
 * TDE calls made over signed HTTP to the emulator, the state and the audit trail in PostgreSQL.
 */
@QuarkusTest
@TestProfile(OpenApiTestProfile.class)
class OpenApiEndToEndTest {

    private static final String KEY = "0d2470df-da7b-4786-b981-9a164dae0003";

    @Inject
    SimulatorInstances instances;

    @Inject
    SimulatorFaults faults;

    @Inject
    EntityManager entityManager;

    Identity requester;
    Identity approver;
    Identity auditor;
    String instanceId;
    KvstoreEmulator emulator;
    Client customerSdk;

    @BeforeEach
    void identitiesAndInstance() {
        requester = Fixtures.userWithPolicy("requester", Fixtures.REQUESTER_POLICY);
        approver = Fixtures.userWithPolicy("approver", Fixtures.APPROVER_POLICY);
        auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);
        instanceId = "r-w" + Long.toString(System.nanoTime(), 36) + "x";
        instances.create(instanceId, "cn-hangzhou", "7.0", true);
        emulator = EmulatorResource.emulator();
        customerSdk = OfficialSdk.client(emulator.port(), EmulatorResource.SDK_ACCESS_KEY_ID,
                EmulatorResource.SDK_ACCESS_KEY_SECRET, null);
    }

    @Test
    void theWalkthroughEnablesTdeAtTheEmulatorAndAuditsItsRequestIds() {
        Map<String, String> change = Map.of("InstanceId", instanceId, "TDEStatus", "Enabled");
        String approvalId = Fixtures.requestApproval(requester, change);
        Fixtures.approve(approver, approvalId);

        SignedClient.call(requester, "DescribeInstanceTDEStatus", Map.of("InstanceId", instanceId)).send().then()
                .statusCode(200).body("TDEStatus", equalTo("Disabled"));
        SignedClient.call(requester, "ModifyInstanceTDE", change).send().then()
                .statusCode(200).body("ApprovalId", equalTo(approvalId));

        assertEquals("Enabled", statusAtTheEmulator());
        approvalIs(approvalId, "Consumed");
        List<Received> received = emulator.receivedFor(instanceId).stream()
                .filter(call -> EmulatorResource.GUARD_ACCESS_KEY_ID.equals(call.accessKeyId())).toList();
        assertEquals(List.of("DescribeInstanceAttribute", "DescribeInstanceTDEStatus",
                "DescribeInstanceAttribute", "DescribeInstanceTDEStatus", "ModifyInstanceTDE"),
                received.stream().map(Received::action).toList());
        Map<String, Object> response = outcome().responseElements();
        assertEquals(received.get(4).requestId(), response.get("BackendRequestId"));
        assertEquals(true, response.get("Changed"));
        // The first DescribeInstanceAttribute of each call is the use case's region check; the adapter's own calls follow.
        assertEquals(List.of(Map.of("Action", "DescribeInstanceTDEStatus", "RequestId", received.get(3).requestId()),
                Map.of("Action", "ModifyInstanceTDE", "RequestId", received.get(4).requestId())),
                response.get("BackendCalls"));
        assertEquals("Succeeded", outcome().event().get("outcome"));
    }

    @Test
    void aRegionIdThatIsNotTheInstancesIsRefusedBeforeAnyIntent() {
        Map<String, String> change = Map.of("InstanceId", instanceId, "TDEStatus", "Enabled", "RegionId", "cn-shanghai");
        String approvalId = Fixtures.requestApproval(requester, change);
        Fixtures.approve(approver, approvalId);

        Response refused = SignedClient.call(requester, "ModifyInstanceTDE", change).send();

        refused.then().statusCode(404).body("Code", equalTo("InvalidInstanceId.NotFound"))
                .body("Message", containsString("cn-shanghai"));
        assertEquals(0, modifyCalls());
        assertEquals(List.of("DescribeInstanceAttribute"), emulator.receivedFor(instanceId).stream()
                .filter(call -> EmulatorResource.GUARD_ACCESS_KEY_ID.equals(call.accessKeyId())).map(Received::action)
                .toList());
        approvalIs(approvalId, "Approved");
        List<String> stored = storedAuditBodies(refused.path("RequestId"));
        assertEquals(1, stored.size(), "one refusal, no intent");
        assertTrue(stored.get(0).contains("\"outcome\":\"Denied\""), stored.get(0));
        // Refused after RAM allowed the ARN the caller named: one not allowed gets 403 whether or not it exists there.
        assertTrue(stored.get(0).contains("\"decision\":{\"effect\":\"Allow\""), stored.get(0));
        SignedClient.call(requester, "DescribeInstanceTDEStatus", Map.of("InstanceId", instanceId, "RegionId", "cn-shanghai"))
                .send().then().statusCode(404).body("Code", equalTo("InvalidInstanceId.NotFound"));
    }

    @Test
    void aRefusalOfTdeGuardsOwnCredentialsIsTheBackendsProblemNotTheCallers() {
        Response refused = SignedClient.call(requester, "DescribeInstanceTDEStatus", Map.of("InstanceId", instanceId))
                .afterSigning(headers -> {
                    headers.put("x-fc-access-key-id", "STS.revokedRoleKey");
                    headers.put("x-fc-access-key-secret", "revoked");
                    headers.put("x-fc-security-token", "revoked-token");
                }).send();

        refused.then().statusCode(502).body("Code", equalTo("Backend.Unauthorized"));
        assertFalse(refused.asString().contains("InvalidAccessKeyId"), refused.asString());
        List<String> stored = storedAuditBodies(refused.path("RequestId"));
        assertEquals(1, stored.size());
        assertTrue(stored.get(0).contains("\"BackendErrorCode\":\"InvalidAccessKeyId.NotFound\""), stored.get(0));
        assertTrue(stored.get(0).contains("\"errorCode\":\"Backend.Unauthorized\""), stored.get(0));
    }

    @Test
    void aTimeoutLeavesTheChangeInDoubtAndTheApprovalReserved() {
        Map<String, String> change = Map.of("InstanceId", instanceId, "TDEStatus", "Enabled");
        String approvalId = Fixtures.requestApproval(requester, change);
        Fixtures.approve(approver, approvalId);
        faults.failNextCall(instanceId, InjectedFault.RESPONSE_LOST);

        SignedClient.call(requester, "ModifyInstanceTDE", change).send().then()
                .statusCode(503).body("Code", equalTo("ServiceUnavailable"));

        approvalIs(approvalId, "Reserved");
        Outcome outcome = outcome();
        assertEquals("InDoubt", outcome.event().get("outcome"));
        assertEquals("SDK.ReadTimeout", outcome.responseElements().get("BackendErrorCode"));
        assertEquals(1, modifyCalls());
        // The emulator did enable it: only its answer was lost, for a reconciliation to find out.
        assertEquals("Enabled", statusAtTheEmulator());
    }

    @Test
    void taskExistsReleasesTheApproval() {
        Map<String, String> change = Map.of("InstanceId", instanceId, "TDEStatus", "Enabled");
        String approvalId = Fixtures.requestApproval(requester, change);
        Fixtures.approve(approver, approvalId);
        instances.startOtherTask(instanceId, Instant.now().plusSeconds(600));

        SignedClient.call(requester, "ModifyInstanceTDE", change).send().then()
                .statusCode(400).body("Code", equalTo("TaskExists"));

        approvalIs(approvalId, "Approved");
        Outcome outcome = outcome();
        assertEquals("Failed", outcome.event().get("outcome"));
        List<Received> received = emulator.receivedFor(instanceId);
        assertEquals(received.get(received.size() - 1).requestId(), outcome.responseElements().get("BackendRequestId"));
        assertEquals("Disabled", statusAtTheEmulator());
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAnswerWithoutRequestIdIsRecordedAsSuchAndTheChangeIsNeverSentAgain() {
        Map<String, String> change = Map.of("InstanceId", instanceId, "TDEStatus", "Enabled");
        String approvalId = Fixtures.requestApproval(requester, change);
        Fixtures.approve(approver, approvalId);
        emulator.failNextWithoutRequestId("ModifyInstanceTDE", 400, "InvalidParameter.Format",
                "The specified parameter is not valid.");

        SignedClient.call(requester, "ModifyInstanceTDE", change).send().then()
                .statusCode(400).body("Code", equalTo("Backend.Refused"));

        assertEquals(1, modifyCalls(), "answered, so never sent again");
        assertNull(emulator.receivedFor(instanceId).get(emulator.receivedFor(instanceId).size() - 1).requestId());
        approvalIs(approvalId, "Approved");
        Outcome outcome = outcome();
        assertEquals("Failed", outcome.event().get("outcome"));
        assertTrue(outcome.responseElements().containsKey("BackendRequestId"), outcome.responseElements().toString());
        assertNull(outcome.responseElements().get("BackendRequestId"));
        assertEquals("InvalidParameter.Format", outcome.responseElements().get("BackendErrorCode"));
        assertEquals(400, outcome.responseElements().get("BackendHttpStatus"));
        assertTrue(String.valueOf(outcome.responseElements().get("BackendErrorMessage"))
                .contains("the answer carries no RequestId"), outcome.responseElements().toString());
        List<Map<String, Object>> calls = (List<Map<String, Object>>) outcome.responseElements().get("BackendCalls");
        assertEquals("ModifyInstanceTDE", calls.get(calls.size() - 1).get("Action"));
        assertNull(calls.get(calls.size() - 1).get("RequestId"));
        assertEquals("Disabled", statusAtTheEmulator());
        // The released approval serves the next attempt, which the emulator answers as usual.
        SignedClient.call(requester, "ModifyInstanceTDE", change).send().then()
                .statusCode(200).body("ApprovalId", equalTo(approvalId));
        assertEquals(2, modifyCalls());
    }

    @Test
    void aKeyNotInTheInstancesListIsRefusedBeforeAnyModifyInstanceTde() {
        instances.addEncryptionKey(instanceId, "the-only-key-of-this-instance");
        Map<String, String> change = Map.of("InstanceId", instanceId, "TDEStatus", "Enabled", "EncryptionKey", KEY);
        String approvalId = Fixtures.requestApproval(requester, change);
        Fixtures.approve(approver, approvalId);

        SignedClient.call(requester, "ModifyInstanceTDE", change).send().then()
                .statusCode(400).body("Code", equalTo("InvalidEncryptionKey.NotFound"));

        assertEquals(0, modifyCalls());
        approvalIs(approvalId, "Approved");
        Outcome outcome = outcome();
        assertEquals("Failed", outcome.event().get("outcome"));
        assertEquals("InvalidEncryptionKey.NotFound", outcome.event().get("errorCode"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> calls = (List<Map<String, Object>>) outcome.responseElements().get("BackendCalls");
        assertEquals(List.of("DescribeInstanceTDEStatus", "DescribeEncryptionKeyList"),
                calls.stream().map(call -> call.get("Action")).toList());
    }

    @Test
    void anInstanceAlreadyEnabledIsANoOpThatSpendsTheApproval() {
        OfficialSdk.ok(() -> customerSdk.modifyInstanceTDEWithOptions(
                new ModifyInstanceTDERequest().setInstanceId(instanceId).setTDEStatus("Enabled"), OfficialSdk.once()));
        Map<String, String> change = Map.of("InstanceId", instanceId, "TDEStatus", "Enabled");
        String approvalId = Fixtures.requestApproval(requester, change);
        Fixtures.approve(approver, approvalId);

        SignedClient.call(requester, "ModifyInstanceTDE", change).send().then().statusCode(200);

        approvalIs(approvalId, "Consumed");
        assertEquals(1, modifyCalls(), "only the customer's own call");
        Outcome outcome = outcome();
        assertEquals("Succeeded", outcome.event().get("outcome"));
        assertEquals(false, outcome.responseElements().get("Changed"));
    }

    @Test
    void functionComputeCredentialsSignTheCallAndAreNeverAudited() {
        Map<String, String> change = Map.of("InstanceId", instanceId, "TDEStatus", "Enabled");
        String approvalId = Fixtures.requestApproval(requester, change);
        Fixtures.approve(approver, approvalId);

        Response modified = SignedClient.call(requester, "ModifyInstanceTDE", change).afterSigning(headers -> {
            headers.put("x-fc-access-key-id", EmulatorResource.FC_ACCESS_KEY_ID);
            headers.put("x-fc-access-key-secret", EmulatorResource.FC_ACCESS_KEY_SECRET);
            headers.put("x-fc-security-token", EmulatorResource.FC_SECURITY_TOKEN);
        }).send();
        modified.then().statusCode(200);

        List<Received> received = emulator.receivedFor(instanceId);
        assertEquals(3, received.size());
        for (Received call : received) {
            assertEquals(EmulatorResource.FC_ACCESS_KEY_ID, call.accessKeyId());
            assertEquals(EmulatorResource.FC_SECURITY_TOKEN, call.securityToken());
        }
        List<String> stored = storedAuditBodies(modified.path("RequestId"));
        assertEquals(2, stored.size(), "intent and outcome");
        for (String body : stored) {
            assertFalse(body.contains(EmulatorResource.FC_ACCESS_KEY_SECRET), body);
            assertFalse(body.contains(EmulatorResource.FC_SECURITY_TOKEN), body);
            assertFalse(body.contains(EmulatorResource.FC_ACCESS_KEY_ID), body);
        }
    }

    @Test
    void withoutFunctionComputeHeadersTheStaticAccessKeySigns() {
        SignedClient.call(requester, "DescribeInstanceTDEStatus", Map.of("InstanceId", instanceId)).send().then()
                .statusCode(200);

        Received call = emulator.receivedFor(instanceId).get(0);
        assertEquals(EmulatorResource.GUARD_ACCESS_KEY_ID, call.accessKeyId());
        assertNull(call.securityToken());
    }

    @Test
    void theReadsAroundAChangeAreAskedOfTheBackendWithTheGuardsOwnKey() throws Exception {
        instances.addEncryptionKey(instanceId, KEY);
        Identity reader = Fixtures.userWithPolicy("reader", """
                {"Version":"1","Statement":[{"Effect":"Allow","Action":"kvstore:Describe*",
                 "Resource":"acs:kvstore:cn-hangzhou:*:instance/*"}]}""");
        V1Sdk sdk = V1Sdk.of(RestAssured.port, reader);
        DescribeInstanceAttributeRequest attribute = new DescribeInstanceAttributeRequest();
        attribute.setInstanceId(instanceId);
        DescribeEncryptionKeyListRequest keys = new DescribeEncryptionKeyListRequest();
        keys.setInstanceId(instanceId);

        assertEquals("7.0", sdk.ok(attribute).getInstances().get(0).getEngineVersion());
        assertEquals(List.of(KEY), sdk.ok(keys).getKeyIds());

        List<Received> calls = emulator.receivedFor(instanceId);
        assertEquals(List.of("DescribeInstanceAttribute", "DescribeInstanceAttribute", "DescribeEncryptionKeyList"),
                calls.stream().map(Received::action).toList(), "the region rule's read, then the reads asked for");
        calls.forEach(call -> assertEquals(EmulatorResource.GUARD_ACCESS_KEY_ID, call.accessKeyId()));
    }

    private record Outcome(Map<String, Object> event, Map<String, Object> responseElements) {
    }

    /** The newest outcome event of the instance's ModifyInstanceTDE. */
    @SuppressWarnings("unchecked")
    private Outcome outcome() {
        Response page = SignedClient.call(auditor, "LookupEvents",
                Fixtures.recent(Map.of("InstanceId", instanceId, "EventName", "ModifyInstanceTDE"))).send();
        page.then().statusCode(200);
        List<Map<String, Object>> events = page.path("Events");
        Map<String, Object> outcome = events.stream().filter(e -> "outcome".equals(e.get("phase"))).findFirst()
                .orElseThrow(() -> new AssertionError("no outcome event in " + events));
        return new Outcome(outcome, (Map<String, Object>) outcome.get("responseElements"));
    }

    private void approvalIs(String approvalId, String status) {
        SignedClient.call(approver, "DescribeApproval", Map.of("ApprovalId", approvalId)).send().then()
                .statusCode(200).body("Status", equalTo(status));
    }

    private String statusAtTheEmulator() {
        return OfficialSdk.ok(() -> customerSdk.describeInstanceTDEStatusWithOptions(
                new DescribeInstanceTDEStatusRequest().setInstanceId(instanceId), OfficialSdk.once()))
                .getBody().getTDEStatus();
    }

    private long modifyCalls() {
        return emulator.receivedFor(instanceId).stream().filter(r -> r.action().equals("ModifyInstanceTDE")).count();
    }

    @Transactional
    @SuppressWarnings("unchecked")
    List<String> storedAuditBodies(String requestId) {
        return entityManager.createNativeQuery("select body from audit_event where request_id = ?1 order by seq")
                .setParameter(1, requestId).getResultList();
    }
}
