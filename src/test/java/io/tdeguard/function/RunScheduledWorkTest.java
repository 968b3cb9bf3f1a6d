package io.tdeguard.function;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import javax.sql.DataSource;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.tdeguard.kvstore.simulator.InjectedFault;
import io.tdeguard.kvstore.simulator.SimulatorFaults;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;
import io.tdeguard.support.TestInstances;
import io.tdeguard.support.TrailSnapshot;

/**
 * On Function Compute (its environment, set by this profile) the timer trigger's event, POST /invoke with the
 * role's credentials and the configured token, reconciles in-doubt changes and does the audit log's scheduled work
 * (the counts of unauthenticated refusals of ended windows become events among it); any other call of it is refused
 * and audited.
 */
@QuarkusTest
@TestProfile(RunScheduledWorkTest.OnFunctionCompute.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunScheduledWorkTest {

    static final String TOKEN = "timer-token-for-tests-0123456789";
    /** The unauthenticated refusals one source may have recorded per window; the other tests use a few of them. */
    static final int CAPACITY = 8;

    public static class OnFunctionCompute implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("FC_FUNCTION_NAME", "tde-guard", "FC_REGION", "cn-hangzhou",
                    "FC_ACCOUNT_ID", "1234567890123456", "tdeguard.scheduled-work.token", TOKEN,
                    "tdeguard.auth.unauthenticated.capacity", String.valueOf(CAPACITY));
        }
    }

    @Inject
    SimulatorFaults faults;

    @Inject
    DataSource dataSource;

    @Test
    void theTimersEventReconcilesAnInDoubtChange() throws Exception {
        Identity requester = Fixtures.userWithPolicy("requester", Fixtures.REQUESTER_POLICY);
        Identity approver = Fixtures.userWithPolicy("approver", Fixtures.APPROVER_POLICY);
        String instanceId = TestInstances.supportingTde();
        Map<String, String> parameters = Map.of("InstanceId", instanceId, "TDEStatus", "Enabled");
        String approvalId = Fixtures.requestApproval(requester, parameters);
        Fixtures.approve(approver, approvalId);
        faults.failNextCall(instanceId, InjectedFault.RESPONSE_LOST);
        String changeRequestId = SignedClient.call(requester, "ModifyInstanceTDE", parameters).send().then()
                .statusCode(503).extract().path("RequestId");
        Thread.sleep(2_100);

        Response run = timer(roleHeaders(), "{\"Function\":\"RunScheduledWork\",\"Token\":\"" + TOKEN + "\"}");

        run.then().statusCode(200).header("x-fc-status", "200");
        List<Map<String, Object>> resolutions = run.path("Resolutions");
        assertEquals(List.of("Succeeded"), resolutions.stream()
                .filter(r -> changeRequestId.equals(r.get("OriginalRequestId"))).map(r -> r.get("Outcome")).toList(),
                resolutions.toString());
        SignedClient.call(approver, "DescribeApproval", Map.of("ApprovalId", approvalId)).send().then()
                .statusCode(200).body("Status", equalTo("Consumed"));
        Map<String, Object> event = onlyEvent(run.path("RequestId"));
        assertEquals("Succeeded", event.get("outcome"));
        assertEquals("RunScheduledWork", event.get("eventName"));
    }

    /** A frozen instance's own schedule never runs: the timer turns the counts of ended windows into events. */
    @Test
    void theTimersEventAppendsTheCountsOfEndedWindows() {
        String source = "no-address-" + UUID.randomUUID();
        TrailSnapshot.owner(dataSource, "INSERT INTO unauthenticated_refusal_count (source_ip, code, window_start,"
                + " window_end, refusals, first_request_id, last_request_id) VALUES ('" + source + "',"
                + " 'IncompleteSignature', '2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z', 42, 'first-429',"
                + " 'last-429')");

        timer(roleHeaders(), "{\"Function\":\"RunScheduledWork\",\"Token\":\"" + TOKEN + "\"}").then()
                .statusCode(200);

        assertEquals(0, TrailSnapshot.number(dataSource,
                "SELECT count(*) FROM unauthenticated_refusal_count WHERE source_ip = '" + source + "'"));
        assertEquals(1, TrailSnapshot.number(dataSource, "SELECT count(*) FROM audit_event WHERE event_name ="
                + " 'UnauthenticatedRefusals' AND body::jsonb #>> '{requestParameters,SourceIp}' = '" + source + "'"
                + " AND body::jsonb #>> '{requestParameters,Count}' = '42'"
                + " AND body::jsonb #>> '{requestParameters,FirstRequestId}' = 'first-429'"
                + " AND body::jsonb #>> '{requestParameters,LastRequestId}' = 'last-429'"));
    }

    @Test
    void refusesAndRecordsACallWithoutTheToken() {
        Response refused = timer(roleHeaders(), "{\"Function\":\"RunScheduledWork\"}");

        refused.then().statusCode(403).body("Code", equalTo("Forbidden.ScheduledWork"));
        Map<String, Object> event = onlyEvent(refused.path("RequestId"));
        assertEquals("Denied", event.get("outcome"));
        assertEquals("Forbidden.ScheduledWork", event.get("errorCode"));
    }

    @Test
    void refusesACallWithoutTheRolesCredentials() {
        timer(Map.of(), "{\"Function\":\"RunScheduledWork\",\"Token\":\"" + TOKEN + "\"}").then().statusCode(403)
                .body("Code", equalTo("Forbidden.ScheduledWork"));
    }

    @Test
    void refusesAnHttpTriggersRequestToTheInvokePath() {
        Map<String, String> headers = new HashMap<>(roleHeaders());
        headers.put("x-fc-control-path", "/http-invoke");
        timer(headers, "{\"Function\":\"RunScheduledWork\",\"Token\":\"" + TOKEN + "\"}").then().statusCode(403)
                .body("Code", equalTo("Forbidden.ScheduledWork"));
    }

    @Test
    void refusesARepeatedCredentialHeaderAndRecordsTheRefusalOnce() {
        Response refused = given().header("x-fc-access-key-id", "STS.first").header("x-fc-access-key-id", "STS.second")
                .header("x-fc-access-key-secret", "secret").header("x-fc-security-token", "token")
                .contentType("application/octet-stream")
                .body(("{\"Function\":\"RunScheduledWork\",\"Token\":\"" + TOKEN + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/invoke");

        refused.then().statusCode(400).body("Code", equalTo("InvalidParameter"))
                .body("RequestId", equalTo(refused.header("x-acs-request-id")));
        String requestId = refused.path("RequestId");
        Response found = SignedClient.call(Identity.ADMIN, "LookupEvents", Fixtures.recent(Map.of(
                "RequestId", requestId, "MaxResults", 10))).send();
        found.then().statusCode(200);
        List<Map<String, Object>> events = found.path("Events");
        assertEquals(1, events.size(), "one event per attempt: " + events);
        assertEquals("InvalidParameter", events.get(0).get("errorCode"));
        assertEquals("Denied", events.get(0).get("outcome"));
        assertEquals("unauthenticated", ((Map<?, ?>) events.get(0).get("userIdentity")).get("type"));
        assertFalse(String.valueOf(events.get(0)).contains("STS.second"), "credential headers are never recorded");
    }

    /** Last: it spends this source's budget of unauthenticated refusals. */
    @Test
    @Order(Integer.MAX_VALUE)
    void refusalsBeyondTheSourcesBudgetAreThrottledAndNotRecordedOneByOne() {
        int recordedBefore = deniedEvents();
        int forbidden = 0;
        int throttled = 0;
        for (int i = 0; i < 4 * CAPACITY; i++) {
            Response refused = timer(roleHeaders(), "{\"Function\":\"RunScheduledWork\",\"Token\":\"wrong\"}");
            if (refused.statusCode() == 429) {
                refused.then().body("Code", equalTo("Throttling.User"));
                throttled++;
            } else {
                refused.then().statusCode(403).body("Code", equalTo("Forbidden.ScheduledWork"));
                forbidden++;
            }
        }
        // At most two windows' budgets are answered 403 (the test may straddle a window's end); each of those is
        // recorded, the throttled ones are only counted.
        assertTrue(throttled >= CAPACITY, throttled + " of " + 4 * CAPACITY + " throttled");
        assertEquals(recordedBefore + forbidden, deniedEvents());
    }

    private static int deniedEvents() {
        Response denied = SignedClient.call(Identity.ADMIN, "LookupEvents", Fixtures.recent(Map.of(
                "EventName", "RunScheduledWork", "Outcome", "Denied", "MaxResults", 100))).send();
        denied.then().statusCode(200);
        return denied.<List<?>>path("Events").size();
    }

    private static Map<String, String> roleHeaders() {
        return Map.of("x-fc-access-key-id", "STS.roleKey", "x-fc-access-key-secret", "role-secret",
                "x-fc-security-token", "role-token", "x-fc-request-id", "fc-request-1", "x-fc-control-path", "/invoke");
    }

    private static Response timer(Map<String, String> headers, String payload) {
        return given().headers(headers).contentType("application/octet-stream").body(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/invoke");
    }

    private static Map<String, Object> onlyEvent(String requestId) {
        Response page = SignedClient.call(Identity.ADMIN, "LookupEvents",
                Fixtures.recent(Map.of("RequestId", requestId, "MaxResults", 10))).send();
        page.then().statusCode(200);
        List<Map<String, Object>> events = page.path("Events");
        assertEquals(1, events.size(), events.toString());
        return events.get(0);
    }
}
