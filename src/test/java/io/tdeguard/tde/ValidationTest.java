package io.tdeguard.tde;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
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

/** Bad input to ModifyInstanceTDE: a clear Alibaba error every time, no backend call, and the refusal audited. */
@QuarkusTest
class ValidationTest {

    Identity requester;
    Identity auditor;
    String instanceId;

    @BeforeEach
    void identities() {
        requester = Fixtures.userWithPolicy("requester", Fixtures.REQUESTER_POLICY);
        auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);
        instanceId = TestInstances.supportingTde();
    }

    @Test
    void refusesAMissingInstanceId() {
        modify(Map.of("TDEStatus", "Enabled")).then().statusCode(400)
                .body("Code", equalTo("MissingParameter")).body("Message", containsString("InstanceId"));
    }

    @Test
    void refusesAMalformedInstanceId() {
        modify(Map.of("InstanceId", "R-NOT/AN-ID", "TDEStatus", "Enabled")).then().statusCode(400)
                .body("Code", equalTo("InvalidInstanceName.Malformed"));
    }

    @Test
    void refusesToDisableTde() {
        modify(Map.of("InstanceId", instanceId, "TDEStatus", "Disabled")).then().statusCode(400)
                .body("Code", equalTo("InvalidParameter")).body("Message", containsString("can never be disabled"));
        TestInstances.assertNoTdeCall(instanceId);
    }

    @Test
    void refusesAnUnknownParameterRatherThanIgnoringIt() {
        modify(Map.of("InstanceId", instanceId, "TDEStatus", "Enabled", "EncryptionKeyy", "k-1")).then().statusCode(400)
                .body("Code", equalTo("InvalidParameter")).body("Message", containsString("EncryptionKeyy"));
        TestInstances.assertNoTdeCall(instanceId);
    }

    @Test
    void refusesAndAuditsAValueOfTheWrongType() {
        Map<String, Object> parameters = new HashMap<>(Map.of("InstanceId", instanceId, "TDEStatus", "Enabled"));
        parameters.put("EncryptionName", 2.5);
        Response refused = modify(parameters);
        refused.then().statusCode(400).body("Code", equalTo("InvalidParameter"));

        Response trail = SignedClient.call(auditor, "LookupEvents", Fixtures.recent(Map.of("InstanceId", instanceId))).send();
        List<Map<String, Object>> events = trail.path("Events");
        Map<String, Object> event = events.stream()
                .filter(e -> refused.path("RequestId").equals(e.get("requestId"))).findFirst().orElseThrow();
        assertEquals("Denied", event.get("outcome"));
        assertEquals("InvalidParameter", event.get("errorCode"));
        assertEquals("2.5", ((Map<?, ?>) event.get("requestParameters")).get("EncryptionName"));
    }

    @Test
    void refusesARegionThatIsNotARegionId() {
        SignedClient.call(requester, "DescribeInstanceTDEStatus",
                Map.of("InstanceId", instanceId, "RegionId", "cn-hangzhou.attacker.example#")).send().then()
                .statusCode(400).body("Code", equalTo("InvalidParameter")).body("Message", containsString("RegionId"));
        modify(Map.of("InstanceId", instanceId, "TDEStatus", "Enabled", "RegionId", "x@attacker.example")).then()
                .statusCode(400).body("Code", equalTo("InvalidParameter"));
    }

    @Test
    void refusesARegionIdThatIsNotTheInstancesRegion() {
        modify(Map.of("InstanceId", instanceId, "TDEStatus", "Enabled", "RegionId", "cn-shanghai")).then()
                .statusCode(404).body("Code", equalTo("InvalidInstanceId.NotFound"));
        SignedClient.call(requester, "DescribeInstanceTDEStatus", Map.of("InstanceId", instanceId, "RegionId", "cn-shanghai"))
                .send().then().statusCode(404).body("Code", equalTo("InvalidInstanceId.NotFound"));
    }

    @Test
    void refusesABodyLargerThanAnyRealRequestBeforeReadingIt() {
        String huge = "x".repeat(70 * 1024);
        given().contentType("application/json").body("{\"InstanceId\":\"" + huge + "\"}").post("/ModifyInstanceTDE")
                .then().statusCode(413).body("Code", equalTo("InvalidParameter"));
    }

    @Test
    void recordsAnOversizedRefusedInputOnlyInPart() {
        Map<String, Object> parameters = new HashMap<>(Map.of("InstanceId", instanceId, "TDEStatus", "Enabled"));
        for (int i = 0; i < 200; i++) {
            parameters.put("Unknown" + i + "y".repeat(150), "z".repeat(100));
        }
        Response refused = modify(parameters);
        refused.then().statusCode(400).body("Code", equalTo("InvalidParameter"));

        Response trail = SignedClient.call(auditor, "LookupEvents", Fixtures.recent(Map.of("InstanceId", instanceId))).send();
        List<Map<String, Object>> events = trail.path("Events");
        Map<?, ?> recorded = (Map<?, ?>) events.stream()
                .filter(e -> refused.path("RequestId").equals(e.get("requestId"))).findFirst().orElseThrow()
                .get("requestParameters");
        assertEquals(65, recorded.size(), "64 parameters and a note of how many more");
        recorded.keySet().forEach(key -> assertTrue(key.toString().length() < 200, key.toString()));
    }

    @Test
    void refusesABodyThatIsNotJsonOnceTheCallerIsAuthenticated() {
        SignedClient.callWithJson(requester, "ModifyInstanceTDE", "{not json").send().then()
                .statusCode(400).body("Code", equalTo("InvalidParameter")).body("RequestId", notNullValue());
        given().contentType("application/json").body("{not json").post("/ModifyInstanceTDE").then()
                .statusCode(400).body("Code", equalTo("IncompleteSignature"));
    }

    @Test
    void refusesAnUnknownAction() {
        SignedClient.call(requester, "DeleteInstance", Map.of("InstanceId", instanceId)).send().then()
                .statusCode(404).body("Code", equalTo("InvalidAction.NotFound"));
    }

    @Test
    void passesOnAnUnknownInstanceAndReleasesTheApproval() {
        Identity approver = Fixtures.userWithPolicy("approver", Fixtures.APPROVER_POLICY);
        Map<String, String> change = Map.of("InstanceId", "r-doesnotexist0000", "TDEStatus", "Enabled");
        String approvalId = Fixtures.requestApproval(requester, change);
        Fixtures.approve(approver, approvalId);

        modify(change).then().statusCode(404).body("Code", equalTo("InvalidInstanceId.NotFound"));
        SignedClient.call(approver, "DescribeApproval", Map.of("ApprovalId", approvalId)).send().then()
                .statusCode(200).body("Status", equalTo("Approved"));
    }

    Response modify(Map<String, ?> parameters) {
        return SignedClient.call(requester, "ModifyInstanceTDE", parameters).send();
    }
}
