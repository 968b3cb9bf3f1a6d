package io.tdeguard.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.tdeguard.application.UnauthenticatedRefusals;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.LogProofs;
import io.tdeguard.support.SignedClient;
import io.tdeguard.support.TestInstances;
import io.tdeguard.support.TrailSnapshot;

/**
 * A bounded flood of unauthenticated requests from loopback (unsigned, with a readable body or not, and signed with an
 * unknown AccessKey), beyond a small budget per window, that goes on while approval-gated changes are made: the first
 * refusals are answered and audited as usual, the rest answered Throttling.User and audited as one count per source,
 * code and window; the changes succeed, the log grows by a bounded number of rows, and it verifies.
 */
@QuarkusTest
@TestProfile(FloodLimitsTest.SmallBudget.class)
class FloodLimitsTest {

    static final int BUDGET = 5;
    static final long WINDOW_MILLIS = 10_000;
    static final int CHANGES = 3;
    /** The flood: this many connections at once, at least this many requests, and on until the changes are made. */
    static final int FLOOD_CONNECTIONS = 4;
    static final int MIN_FLOOD = 200;
    /** The flood's bound, whatever happens. */
    static final int MAX_FLOOD = 5_000;
    /** The flood's source, as the flood limits name it. */
    static final Set<String> LOOPBACK = Set.of("127.0.0.1", "::/64");
    static final Identity STRANGER = new Identity("stranger", "LTAIunknownKey000000001", "whatever-secret");

    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tdeguard.auth.unauthenticated.capacity", String.valueOf(BUDGET),
                    "tdeguard.auth.unauthenticated.window", "PT10S");
        }
    }

    @Inject
    DataSource dataSource;

    @Inject
    UnauthenticatedRefusals refusals;

    @Test
    void aFloodIsThrottledAndCountedWhileChangesProceed() throws Exception {
        Identity requester = Fixtures.userWithPolicy("requester", Fixtures.REQUESTER_POLICY);
        Identity approver = Fixtures.userWithPolicy("approver", Fixtures.APPROVER_POLICY);
        Identity auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);
        List<Map<String, String>> changes = new ArrayList<>();
        List<String> approvals = new ArrayList<>();
        for (int i = 0; i < CHANGES; i++) {
            Map<String, String> change = Map.of("InstanceId", TestInstances.supportingTde(), "TDEStatus", "Enabled");
            String approvalId = Fixtures.requestApproval(requester, change);
            Fixtures.approve(approver, approvalId);
            changes.add(change);
            approvals.add(approvalId);
        }

        awaitNextWindow();
        Instant floodStart = Instant.now();
        long rowsBefore = rows();
        AtomicBoolean changesMade = new AtomicBoolean();
        AtomicInteger sent = new AtomicInteger();
        CountDownLatch throttling = new CountDownLatch(1);
        ExecutorService connections = Executors.newFixedThreadPool(FLOOD_CONNECTIONS);
        List<Future<List<Answer>>> flood = new ArrayList<>();
        for (int c = 0; c < FLOOD_CONNECTIONS; c++) {
            flood.add(connections.submit(() -> {
                List<Answer> answers = new ArrayList<>();
                for (int i = sent.getAndIncrement(); i < MAX_FLOOD && (i < MIN_FLOOD || !changesMade.get());
                        i = sent.getAndIncrement()) {
                    Answer answer = new Answer(i, unauthenticated(i));
                    answers.add(answer);
                    if (answer.response().statusCode() == 429) {
                        throttling.countDown();
                    }
                }
                return answers;
            }));
        }
        try {
            assertTrue(throttling.await(60, TimeUnit.SECONDS), "the flood went beyond its budget");
            for (int i = 0; i < CHANGES; i++) {
                SignedClient.call(requester, "ModifyInstanceTDE", changes.get(i)).send().then()
                        .statusCode(200).body("ApprovalId", equalTo(approvals.get(i)));
            }
        } finally {
            changesMade.set(true);
            connections.shutdown();
        }
        List<Answer> answers = new ArrayList<>();
        for (Future<List<Answer>> connection : flood) {
            answers.addAll(connection.get(120, TimeUnit.SECONDS));
        }
        Instant floodEnd = Instant.now();
        // An authenticated caller from the throttled address is not throttled.
        SignedClient.call(Identity.ADMIN, "CreateGroup", Map.of("GroupName", Fixtures.unique("group"))).send().then()
                .statusCode(200);
        long growth = rows() - rowsBefore;

        assertTrue(answers.size() < MAX_FLOOD, "the flood went on until the changes were made: " + answers.size());
        long windows = floodEnd.toEpochMilli() / WINDOW_MILLIS - floodStart.toEpochMilli() / WINDOW_MILLIS + 1;
        for (Answer answer : answers) {
            if (answer.response().statusCode() != 429) {
                refusedAsItsKind(answer);
            }
        }
        long answered = answers.stream().filter(a -> a.response().statusCode() != 429).count();
        long throttled = answers.size() - answered;
        assertTrue(answered >= BUDGET && answered <= BUDGET * windows, answered + " answered in " + windows + " windows");
        answers.stream().map(Answer::response).filter(r -> r.statusCode() == 429).limit(3)
                .forEach(r -> AuthenticationTest.refused(r, 429, "Throttling.User"));
        // The refusals within budget, each change's intent and outcome, the CreateGroup, a count per code and closed
        // window.
        long bound = answered + 2L * CHANGES + 1 + 2 * windows;
        assertTrue(growth <= bound, "the log grew by " + growth + " rows (at most " + bound + ") during a flood of "
                + answers.size());

        // Once the window has closed and its counts settled, the periodic work appends them.
        awaitNextWindow();
        Thread.sleep(UnauthenticatedRefusals.SETTLED_AFTER.toMillis());
        refusals.appendClosedWindows();
        Response trail = SignedClient.call(auditor, "LookupEvents",
                Fixtures.recent(Map.of("EventName", "UnauthenticatedRefusals", "MaxResults", 100))).send();
        trail.then().statusCode(200);
        List<Map<String, Object>> counts = trail.path("Events");
        long counted = 0;
        Set<String> codesAndWindows = new HashSet<>();
        for (Map<String, Object> event : counts) {
            @SuppressWarnings("unchecked")
            Map<String, Object> parameters = (Map<String, Object>) event.get("requestParameters");
            // The flood's windows and source (loopback): other tests' sources may count in the same windows.
            if (Instant.parse((String) parameters.get("WindowEnd")).isAfter(floodStart)
                    && !Instant.parse((String) parameters.get("WindowStart")).isAfter(floodEnd)
                    && LOOPBACK.contains(parameters.get("SourceIp"))) {
                assertTrue(Set.of("IncompleteSignature", "InvalidAccessKeyId.NotFound").contains(parameters.get("Code")),
                        parameters.toString());
                assertEquals("Throttling.User", event.get("errorCode"));
                assertEquals("Denied", event.get("outcome"));
                assertEquals(event.get("sourceIpAddress"), parameters.get("SourceIp"));
                assertTrue(codesAndWindows.add(parameters.get("Code") + " " + parameters.get("WindowStart")),
                        "one counted event per source, code and window: " + parameters);
                counted += ((Number) parameters.get("Count")).longValue();
            }
        }
        assertEquals(throttled, counted, "the counted events add up to the throttled requests");

        LogProofs.sequence(auditor);
        SignedClient.call(auditor, "VerifyAuditTrail", Map.of()).send().then().statusCode(200)
                .body("Verified", equalTo(true));
    }

    /**
     * The flood's requests in turn: unsigned with a readable body, unsigned with a body that is no JSON (refused for
     * its signature first, like any unsigned request), and signed with an AccessKey this function does not know.
     */
    private static Response unauthenticated(int i) {
        return switch (i % 3) {
            case 0 -> given().contentType("application/json").body("{}").post("/CreateUser");
            case 1 -> given().contentType("application/json").body("{\"UserName\":").post("/CreateUser");
            default -> SignedClient.call(STRANGER, "CreateUser", Map.of("UserName", "intruder")).send();
        };
    }

    /** The answer to the flood's request number {@code index}. */
    record Answer(int index, Response response) {
    }

    private static void refusedAsItsKind(Answer answer) {
        if (answer.index() % 3 == 2) {
            AuthenticationTest.refused(answer.response(), 404, "InvalidAccessKeyId.NotFound");
        } else {
            AuthenticationTest.refused(answer.response(), 400, "IncompleteSignature");
        }
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
