package io.tdeguard.web;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.tdeguard.application.UnauthenticatedRefusals;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.LogProofs;
import io.tdeguard.support.RawHttp;
import io.tdeguard.support.SignedClient;

/**
 * What the HTTP layer refuses before any function runs or any caller is authenticated — a request URI that is not one
 * (a malformed percent escape), a method no function takes, a body beyond the limit — is answered Alibaba-shaped with
 * its RequestId and recorded once, as an unauthenticated refusal from its source; and the flood budget of IPv6 sources
 * is kept per /64, so that one host cannot spend 2^64 budgets. Loopback is a trusted proxy here, so that each test
 * names its own source in X-Forwarded-For.
 */
@QuarkusTest
@TestProfile(HttpRefusalsTest.SmallBudgetBehindAProxy.class)
class HttpRefusalsTest {

    static final int BUDGET = 5;
    static final long WINDOW_MILLIS = 5_000;

    public static class SmallBudgetBehindAProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1,::1",
                    "tdeguard.auth.unauthenticated.capacity", String.valueOf(BUDGET),
                    "tdeguard.auth.unauthenticated.window", "PT5S");
        }
    }

    @Inject
    UnauthenticatedRefusals refusals;

    @Test
    void aMalformedPercentEscapeIsRefusedAlibabaShapedAndRecordedOnce() throws IOException {
        int sources = 0;
        for (String[] request : new String[][] {
                { "POST", "/ModifyInstanceTDE?x=%ZZ" },
                { "POST", "/?Action=ModifyInstanceTDE&InstanceId=r-1&x=%ZZ" },
                { "GET", "/DescribeInstanceTDEStatus?InstanceId=%G1" },
                { "POST", "/ModifyInstanceTDE?x=%" },
                { "POST", "/Modify%ZZ" } }) {
            String source = "198.51.100." + (10 + sources++);
            RawHttp.Answer answer = raw(request[0], request[1], source);

            assertEquals(400, answer.status(), request[1]);
            assertEquals("application/json", answer.headers().get("content-type"), request[1]);
            String requestId = answer.headers().get("x-acs-request-id");
            assertNotNull(requestId, request[1]);
            assertTrue(answer.body().contains("\"RequestId\":\"" + requestId + "\""), answer.body());
            assertTrue(answer.body().contains("\"Code\":\"InvalidParameter\""), answer.body());
            assertTrue(answer.body().contains("the request URI is not well formed"), answer.body());
            Map<String, Object> event = onlyEvent(requestId);
            refusedUnauthenticated(event, "InvalidParameter", source);
            int query = request[1].indexOf('?');
            assertEquals(query < 0 ? null : request[1].substring(query + 1), parameters(event).get("QueryString"));
        }
        verified();
    }

    @Test
    void aMethodNoFunctionTakesIsRefusedAlibabaShapedAndRecordedOnce() {
        String source = "198.51.100.2";
        String body = "{\"InstanceId\":\"r-1\",\"TDEStatus\":\"Enabled\"}";
        for (String method : List.of("PUT", "DELETE", "PATCH")) {
            Response answer = given().header("X-Forwarded-For", source).contentType("application/json").body(body)
                    .request(method, "/ModifyInstanceTDE");

            refused(answer, 405, "UnsupportedHTTPMethod");
            Map<String, Object> event = onlyEvent(answer.path("RequestId"));
            refusedUnauthenticated(event, "UnsupportedHTTPMethod", source);
            assertEquals("ModifyInstanceTDE", event.get("eventName"));
            assertEquals(body, parameters(event).get("RequestBody"), "what the request carried, as text");
        }
        verified();
    }

    @Test
    void aPathNoFunctionServesIsRefusedAlibabaShapedAndRecordedOnce() {
        String source = "198.51.100.5";
        for (String method : List.of("GET", "POST")) {
            Response answer = given().header("X-Forwarded-For", source).contentType("application/json").body("{}")
                    .request(method, "/NoSuchFunction");

            refused(answer, 404, "InvalidAction.NotFound");
            refusedUnauthenticated(onlyEvent(answer.path("RequestId")), "InvalidAction.NotFound", source);
        }
        verified();
    }

    @Test
    void anExpectationOtherThan100ContinueIsRefusedAlibabaShapedAndRecordedOnce() {
        String source = "198.51.100.5";
        Response answer = given().header("X-Forwarded-For", source).header("Expect", "foo")
                .contentType("application/json").body("{}").post("/CreateUser");

        refused(answer, 417, "InvalidParameter");
        refusedUnauthenticated(onlyEvent(answer.path("RequestId")), "InvalidParameter", source);
        verified();
    }

    @Test
    void aBodyBeyondTheLimitIsRefusedAlibabaShapedAndRecordedOnceWithoutTheBody() {
        String source = "198.51.100.3";
        Response answer = given().header("X-Forwarded-For", source).contentType("application/json")
                .body("{\"Comment\":\"" + "a".repeat(70 * 1024) + "\"}").post("/ModifyInstanceTDE?Big=1");

        refused(answer, 413, "InvalidParameter");
        Map<String, Object> event = onlyEvent(answer.path("RequestId"));
        refusedUnauthenticated(event, "InvalidParameter", source);
        assertFalse(parameters(event).containsKey("RequestBody"), "a body beyond the limit is never read");
        assertEquals("Big=1", parameters(event).get("QueryString"));
        verified();
    }

    @Test
    void theHttpLayersRefusalsSpendTheSourcesBudgetOfUnauthenticatedRefusals()
            throws IOException, InterruptedException {
        String source = "198.51.100.4";
        Flood flood = flood(3 * BUDGET, i -> {
            RawHttp.Answer answer = i % 2 == 0 ? raw("POST", "/ModifyInstanceTDE?x=%ZZ", source) : raw("PUT", "/CreateUser", source);
            if (answer.status() == 429) {
                assertTrue(answer.body().contains("\"Code\":\"Throttling.User\""), answer.body());
                return false;
            }
            assertEquals(i % 2 == 0 ? 400 : 405, answer.status(), answer.body());
            return true;
        });

        assertEquals(flood.throttled(), countedAfter(flood.start(), source),
                "the throttled ones are counted, per code and window");
        verified();
    }

    /**
     * Many addresses of one /64 share one budget, and their counted refusals name the /64; another /64 has a budget
     * of its own, and each refusal within a budget is recorded with the exact address it came from.
     */
    @Test
    void ipv6SourcesAreKeptPerSlash64() throws IOException, InterruptedException {
        Set<String> addresses = new HashSet<>();
        Flood flood = flood(4 * BUDGET, i -> {
            String address = "2001:db8:0:1:" + Integer.toHexString(i * 7919 & 0xffff) + ":"
                    + Integer.toHexString(i * 31) + "::" + Integer.toHexString(i + 1);
            assertTrue(addresses.add(address));
            Response answer = unsigned(address);
            if (answer.statusCode() == 429) {
                refused(answer, 429, "Throttling.User");
                return false;
            }
            refused(answer, 400, "IncompleteSignature");
            assertEquals(address, onlyEvent(answer.path("RequestId")).get("sourceIpAddress"));
            return true;
        });
        refused(unsigned("2001:db8:0:2::1"), 400, "IncompleteSignature");

        assertEquals(flood.throttled(), countedAfter(flood.start(), "2001:db8:0:1::/64"),
                "the throttled ones are counted under the /64");
        verified();
    }

    /** One request of a flood: true when it was answered as its kind, false when throttled (each checked). */
    interface Attempt {
        boolean answered(int index) throws IOException;
    }

    /** When a flood started, and how many of its requests were throttled. */
    record Flood(Instant start, int throttled) {
    }

    /**
     * Sends {@code requests} one after another from the start of a window: at least one budget's worth and at most one
     * per window the flood took is answered as its kind, the rest throttled.
     */
    private static Flood flood(int requests, Attempt attempt) throws IOException {
        awaitNextWindow();
        Instant start = Instant.now();
        int answered = 0;
        for (int i = 0; i < requests; i++) {
            if (attempt.answered(i)) {
                answered++;
            }
        }
        long windows = Instant.now().toEpochMilli() / WINDOW_MILLIS - start.toEpochMilli() / WINDOW_MILLIS + 1;
        assertTrue(answered >= BUDGET && answered <= BUDGET * windows, answered + " answered in " + windows + " windows");
        return new Flood(start, requests - answered);
    }

    /** The count events of one source whose window ended after {@code start}, summed, once their windows closed. */
    private long countedAfter(Instant start, String source) throws InterruptedException {
        awaitNextWindow();
        Thread.sleep(UnauthenticatedRefusals.SETTLED_AFTER.toMillis());
        refusals.appendClosedWindows();
        Response trail = SignedClient.call(Identity.ADMIN, "LookupEvents",
                Fixtures.recent(Map.of("EventName", "UnauthenticatedRefusals", "MaxResults", 100))).send();
        trail.then().statusCode(200);
        long counted = 0;
        for (Map<String, Object> event : trail.<List<Map<String, Object>>>path("Events")) {
            Map<String, Object> parameters = parameters(event);
            if (source.equals(parameters.get("SourceIp"))
                    && Instant.parse((String) parameters.get("WindowEnd")).isAfter(start)) {
                assertEquals(source, event.get("sourceIpAddress"));
                assertEquals("Throttling.User", event.get("errorCode"));
                counted += ((Number) parameters.get("Count")).longValue();
            }
        }
        return counted;
    }

    private static Response unsigned(String source) {
        return given().header("X-Forwarded-For", source).contentType("application/json").body("{}")
                .post("/CreateUser");
    }

    private static void refused(Response answer, int status, String code) {
        answer.then().statusCode(status).contentType("application/json");
        assertEquals(code, answer.path("Code"));
        assertEquals(answer.header("x-acs-request-id"), answer.path("RequestId"));
        assertNotNull(answer.path("Message"));
    }

    /** The one event recorded for a request. */
    private static Map<String, Object> onlyEvent(String requestId) {
        Response page = SignedClient.call(Identity.ADMIN, "LookupEvents",
                Fixtures.recent(Map.of("RequestId", requestId, "MaxResults", 10))).send();
        page.then().statusCode(200);
        List<Map<String, Object>> events = page.path("Events");
        assertEquals(1, events.size(), "one event per attempt: " + events);
        return events.get(0);
    }

    private static void refusedUnauthenticated(Map<String, Object> event, String code, String source) {
        assertEquals("Denied", event.get("outcome"));
        assertEquals(code, event.get("errorCode"));
        assertEquals("unauthenticated", ((Map<?, ?>) event.get("userIdentity")).get("type"));
        assertEquals(source, event.get("sourceIpAddress"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parameters(Map<String, Object> event) {
        Object parameters = event.get("requestParameters");
        return parameters == null ? Map.of() : (Map<String, Object>) parameters;
    }

    private static void verified() {
        LogProofs.sequence(Identity.ADMIN);
        SignedClient.call(Identity.ADMIN, "VerifyAuditTrail", Map.of()).send().then().statusCode(200)
                .body("Verified", org.hamcrest.Matchers.equalTo(true));
    }

    private static RawHttp.Answer raw(String method, String target, String forwardedFor) throws IOException {
        return RawHttp.send(RestAssured.port, method, target, Map.of("X-Forwarded-For", forwardedFor));
    }

    /** Sleeps until just after the next window boundary, so that what follows starts at a window's beginning. */
    private static void awaitNextWindow() {
        long now = System.currentTimeMillis();
        try {
            Thread.sleep(WINDOW_MILLIS - now % WINDOW_MILLIS + 50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
