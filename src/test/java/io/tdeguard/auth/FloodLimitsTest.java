package io.tdeguard.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.LogProofs;
import io.tdeguard.support.SignedClient;
import io.tdeguard.support.TestInstances;
import io.tdeguard.support.TrailSnapshot;

/**
 * A bounded flood of unsigned requests from loopback, beyond a small budget per window: the first refusals are
 * answered and audited as usual, the rest answered Throttling.User and audited as one count per source, code and
 * window; an approval-gated change proceeds meanwhile, the log grows by a bounded number of rows and verifies.
 */
@QuarkusTest
@TestProfile(FloodLimitsTest.SmallBudget.class)
class FloodLimitsTest {

    static final int BUDGET = 5;
    static final long WINDOW_MILLIS = 10_000;
    static final int FLOOD = 200;

    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tdeguard.auth.unauthenticated.capacity", String.valueOf(BUDGET),
                    "tdeguard.auth.unauthenticated.window", "PT10S");
        }
    }

    @Inject
    DataSource dataSource;

    @Test
    void aFloodIsThrottledAndCountedWhileChangesProceed() throws Exception {
        Identity requester = Fixtures.userWithPolicy("requester", Fixtures.REQUESTER_POLICY);
        Identity approver = Fixtures.userWithPolicy("approver", Fixtures.APPROVER_POLICY);
        Identity auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);
        String instanceId = TestInstances.supportingTde();
        Map<String, String> change = Map.of("InstanceId", instanceId, "TDEStatus", "Enabled");
        String approvalId = Fixtures.requestApproval(requester, change);
        Fixtures.approve(approver, approvalId);

        awaitNextWindow();
        Instant floodStart = Instant.now();
        long rowsBefore = rows();
        CompletableFuture<List<Response>> flood = CompletableFuture.supplyAsync(() -> {
            List<Response> answers = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                answers.add(given().contentType("application/json").body("{}").post("/CreateUser"));
            }
            return answers;
        });
        SignedClient.call(requester, "ModifyInstanceTDE", change).send().then()
                .statusCode(200).body("ApprovalId", equalTo(approvalId));
        List<Response> answers = flood.get();
        Instant floodEnd = Instant.now();
        // An authenticated caller from the throttled address is not throttled.
        SignedClient.call(Identity.ADMIN, "CreateGroup", Map.of("GroupName", Fixtures.unique("group"))).send().then()
                .statusCode(200);
        long growth = rows() - rowsBefore;

        long windows = floodEnd.toEpochMilli() / WINDOW_MILLIS - floodStart.toEpochMilli() / WINDOW_MILLIS + 1;
        for (int i = 0; i < BUDGET; i++) {
            AuthenticationTest.refused(answers.get(i), 400, "IncompleteSignature");
        }
        long answered = answers.stream().filter(r -> r.statusCode() == 400).count();
        long throttled = answers.stream().filter(r -> r.statusCode() == 429).count();
        assertEquals(FLOOD, answered + throttled, "every answer is the refusal or Throttling.User");
        assertTrue(answered <= BUDGET * windows, answered + " answered in " + windows + " windows");
        assertTrue(throttled >= FLOOD - BUDGET * windows, throttled + " throttled in " + windows + " windows");
        answers.stream().filter(r -> r.statusCode() == 429).limit(3)
                .forEach(r -> AuthenticationTest.refused(r, 429, "Throttling.User"));
        // The refusals within budget, the change's intent and outcome, the CreateGroup, a count per closed window.
        assertTrue(growth <= answered + 3 + windows, "the log grew by " + growth + " rows during a flood of " + FLOOD);

        // Once the window has closed, the next refusal (a fresh budget) appends the count.
        awaitNextWindow();
        AuthenticationTest.refused(given().contentType("application/json").body("{}").post("/CreateUser"), 400,
                "IncompleteSignature");
        Response trail = SignedClient.call(auditor, "LookupEvents",
                Fixtures.recent(Map.of("EventName", "UnauthenticatedRefusals"))).send();
        trail.then().statusCode(200);
        List<Map<String, Object>> counts = trail.path("Events");
        long counted = 0;
        for (Map<String, Object> event : counts) {
            @SuppressWarnings("unchecked")
            Map<String, Object> parameters = (Map<String, Object>) event.get("requestParameters");
            if (Instant.parse((String) parameters.get("WindowEnd")).isAfter(floodStart)) {
                assertEquals("IncompleteSignature", parameters.get("Code"));
                assertEquals("Throttling.User", event.get("errorCode"));
                assertEquals("Denied", event.get("outcome"));
                assertEquals(event.get("sourceIpAddress"), parameters.get("SourceIp"));
                counted += ((Number) parameters.get("Count")).longValue();
            }
        }
        assertEquals(throttled, counted, "the counted events add up to the throttled requests");
        assertTrue(counts.size() <= windows, counts.size() + " counted events for " + windows + " windows");

        LogProofs.sequence(auditor);
        SignedClient.call(auditor, "VerifyAuditTrail", Map.of()).send().then().statusCode(200)
                .body("Verified", equalTo(true));
    }

    private long rows() {
        return TrailSnapshot.number(dataSource, "SELECT count(*) FROM audit_event");
    }

    /** Sleeps until just after the next window boundary, so that a flood starts at a window's beginning. */
    private static void awaitNextWindow() throws InterruptedException {
        long now = System.currentTimeMillis();
        Thread.sleep(WINDOW_MILLIS - now % WINDOW_MILLIS + 50);
    }
}
