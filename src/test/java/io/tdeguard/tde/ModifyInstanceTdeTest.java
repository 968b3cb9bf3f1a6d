package io.tdeguard.tde;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.LogProofs;
import io.tdeguard.support.SignedClient;
import io.tdeguard.support.TestInstances;

/** The README's walkthrough over HTTP, every call signed: approval, approval by another user, change, audit. */
@QuarkusTest
class ModifyInstanceTdeTest {

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
    void enablesTdeAfterAnotherUserApprovesAndRecordsTheChangeInTheChainedTrail() {
        Map<String, String> change = Map.of("InstanceId", instanceId, "TDEStatus", "Enabled");
        String approvalId = Fixtures.requestApproval(requester, change);
        SignedClient.call(requester, "DescribeApproval", Map.of("ApprovalId", approvalId)).send().then()
                .statusCode(200).body("Status", equalTo("Pending")).body("Requester", equalTo(requester.userName()));
        Fixtures.approve(approver, approvalId);

        SignedClient.call(requester, "DescribeInstanceTDEStatus", Map.of("InstanceId", instanceId)).send().then()
                .statusCode(200).body("TDEStatus", equalTo("Disabled"));
        Response modified = SignedClient.call(requester, "ModifyInstanceTDE", change).send();
        modified.then().statusCode(200)
                .body("RequestId", matchesPattern("[0-9A-F-]{36}"))
                .body("ApprovalId", equalTo(approvalId))
                .body("AuditEventId", matchesPattern("[0-9a-f-]{36}"));
        SignedClient.call(requester, "DescribeInstanceTDEStatus", Map.of("InstanceId", instanceId)).send().then()
                .statusCode(200).body("TDEStatus", equalTo("Enabled"));
        SignedClient.call(approver, "DescribeApproval", Map.of("ApprovalId", approvalId)).send().then()
                .statusCode(200).body("Status", equalTo("Consumed"));

        LogProofs.sequence(auditor);
        Response trail = SignedClient.call(auditor, "LookupEvents",
                Fixtures.recent(Map.of("InstanceId", instanceId, "EventName", "ModifyInstanceTDE"))).send();
        trail.then().statusCode(200);
        List<Map<String, Object>> events = trail.path("Events");
        assertEquals(2, events.size(), "one intent and one outcome, newest first: " + events);
        Map<String, Object> outcome = events.get(0);
        Map<String, Object> intent = events.get(1);
        String requestId = modified.path("RequestId");

        assertEquals("intent", intent.get("phase"));
        assertEquals("Allowed", intent.get("outcome"));
        assertEquals(requestId, intent.get("requestId"));
        assertEquals(approvalId, intent.get("approvalId"));
        assertEquals("kvstore", intent.get("serviceName"));
        assertEquals("Write", intent.get("eventRW"));
        assertEquals("acs:kvstore:cn-hangzhou:1234567890123456:instance/" + instanceId, intent.get("resourceName"));
        assertEquals(change, intent.get("requestParameters"));
        @SuppressWarnings("unchecked")
        Map<String, Object> identity = (Map<String, Object>) intent.get("userIdentity");
        assertEquals(requester.userName(), identity.get("userName"));
        assertEquals(requester.accessKeyId(), identity.get("accessKeyId"));
        @SuppressWarnings("unchecked")
        Map<String, Object> decision = (Map<String, Object>) intent.get("decision");
        assertEquals("Allow", decision.get("effect"));
        assertEquals(1, ((List<?>) decision.get("reasons")).size());
        assertNull(intent.get("intentEventId"));

        assertEquals("outcome", outcome.get("phase"));
        assertEquals("Succeeded", outcome.get("outcome"));
        assertEquals(intent.get("eventId"), outcome.get("intentEventId"));
        assertEquals(modified.path("AuditEventId"), outcome.get("eventId"));
        assertEquals(requestId, outcome.get("requestId"));
        @SuppressWarnings("unchecked")
        Map<String, Object> response = (Map<String, Object>) outcome.get("responseElements");
        assertNotNull(response.get("BackendRequestId"));

        LogProofs.assertIncluded(auditor, intent);
        LogProofs.assertIncluded(auditor, outcome);
        // the intent was committed before the outcome was stored, so the sequencer took it first
        assertTrue(((Number) outcome.get("LeafIndex")).longValue() > ((Number) intent.get("LeafIndex")).longValue());
    }

    @Test
    void refusesASecondChangeWithAnApprovalAlreadyUsed() {
        Map<String, String> change = Map.of("InstanceId", instanceId, "TDEStatus", "Enabled");
        Fixtures.approve(approver, Fixtures.requestApproval(requester, change));
        SignedClient.call(requester, "ModifyInstanceTDE", change).send().then().statusCode(200);

        SignedClient.call(requester, "ModifyInstanceTDE", change).send().then()
                .statusCode(403).body("Code", equalTo("Forbidden.ApprovalRequired"))
                .body("Message", startsWith("this change needs an approved, unexpired, unused approval"));
    }

    @Test
    void refusesAReplayedChangeBeforeItReachesTheBackendOrAnApproval() {
        Map<String, String> change = Map.of("InstanceId", instanceId, "TDEStatus", "Enabled");
        Fixtures.approve(approver, Fixtures.requestApproval(requester, change));
        String spare = Fixtures.requestApproval(requester, change);
        Fixtures.approve(approver, spare);
        SignedClient.Call first = SignedClient.call(requester, "ModifyInstanceTDE", change);
        first.send().then().statusCode(200);

        SignedClient.call(requester, "ModifyInstanceTDE", change).withNonce(first.nonce()).send().then()
                .statusCode(400).body("Code", equalTo("SignatureNonceUsed"));
        assertEquals(1, TestInstances.tdeCalls(instanceId), "the replay made no ModifyInstanceTDE call");
        SignedClient.call(approver, "DescribeApproval", Map.of("ApprovalId", spare)).send().then()
                .statusCode(200).body("Status", equalTo("Approved"));
    }

    @Test
    void passesOnTheBackendsRefusalAndReleasesTheApproval() {
        String unsupported = TestInstances.withoutTdeSupport();
        Map<String, String> change = Map.of("InstanceId", unsupported, "TDEStatus", "Enabled");
        String approvalId = Fixtures.requestApproval(requester, change);
        Fixtures.approve(approver, approvalId);

        SignedClient.call(requester, "ModifyInstanceTDE", change).send().then()
                .statusCode(400).body("Code", equalTo("IncorrectEngineVersion"));
        SignedClient.call(approver, "DescribeApproval", Map.of("ApprovalId", approvalId)).send().then()
                .statusCode(200).body("Status", equalTo("Approved"));
    }

    /** Every event of the instance in the last hour, sequenced first so that each carries its LeafIndex. */
    static List<Map<String, Object>> eventsOf(Identity auditor, String instanceId) {
        LogProofs.sequence(auditor);
        List<Map<String, Object>> all = new ArrayList<>();
        String token = null;
        do {
            Map<String, Object> query = Fixtures.recent(Map.of("InstanceId", instanceId, "MaxResults", 100));
            if (token != null) {
                query.put("NextToken", token);
            }
            Response page = SignedClient.call(auditor, "LookupEvents", query).send();
            page.then().statusCode(200);
            all.addAll(page.path("Events"));
            token = page.path("NextToken");
        } while (token != null);
        return all;
    }
}
