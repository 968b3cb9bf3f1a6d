package io.tdeguard.application;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.audit.AuditTrail;
import io.tdeguard.config.TdeGuardConfig;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;
import io.tdeguard.support.SteppingClock;
import io.tdeguard.support.TrailSnapshot;
import io.vertx.core.Vertx;

/**
 * The counts of throttled unauthenticated refusals are durable before the 429 is answered, and become events from the
 * table exactly once, whichever instance counted them and whether or not it stopped; a count that cannot be committed
 * is answered 503; one instance audits at most its global budget one by one, however many sources refuse, and counts
 * at most max-counted-sources of them on their own per window, the others together. Other instances are more
 * {@link UnauthenticatedRefusals} over the same database.
 */
@QuarkusTest
@TestProfile(RefusalCountsTest.SmallBudgetsBehindAProxy.class)
class RefusalCountsTest {

    static final int CAPACITY = 2;
    static final int GLOBAL_CAPACITY = 6;
    static final int MAX_COUNTED_SOURCES = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);

    public static class SmallBudgetsBehindAProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1,::1",
                    "tdeguard.auth.unauthenticated.capacity", String.valueOf(CAPACITY),
                    "tdeguard.auth.unauthenticated.global-capacity", String.valueOf(GLOBAL_CAPACITY),
                    "tdeguard.auth.unauthenticated.max-sources", "1000",
                    "tdeguard.auth.unauthenticated.max-counted-sources", String.valueOf(MAX_COUNTED_SOURCES),
                    "tdeguard.auth.unauthenticated.window", WINDOW.toString());
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(SteppingClock.class);
        }
    }

    @Inject
    UnauthenticatedRefusals refusals;

    @Inject
    SteppingClock clock;

    @Inject
    DataSource dataSource;

    @Inject
    AuditTrail audit;

    @Inject
    EntityManager entityManager;

    @Inject
    TdeGuardConfig config;

    @Inject
    Vertx vertx;

    @Inject
    ObjectMapper json;

    /** Each test starts a window of its own: every budget is whole. */
    @BeforeEach
    void nextWindow() {
        clock.advance(WINDOW);
    }

    @Test
    void aThrottledRefusalsCountIsInTheTableBeforeItsAnswer() {
        String source = "203.0.113.10";
        List<String> throttled = new ArrayList<>();
        for (int i = 0; i < CAPACITY + 3; i++) {
            Response answer = unsigned(source);
            if (i < CAPACITY) {
                answer.then().statusCode(400).body("Code", equalTo("IncompleteSignature"));
                continue;
            }
            answer.then().statusCode(429).body("Code", equalTo("Throttling.User"));
            throttled.add(answer.path("RequestId"));
            Map<String, Object> row = row(source, "IncompleteSignature");
            assertEquals((long) throttled.size(), row.get("refusals"), "counted before the answer");
            assertEquals(throttled.get(0), row.get("first_request_id"));
            assertEquals(answer.path("RequestId"), row.get("last_request_id"), "the 429's own RequestId is recorded");
        }
    }

    /** The HTTP layer's refusals are made on the event loop; their count waits for the database on a worker. */
    @Test
    void theHttpLayersThrottledRefusalIsCountedBeforeItsAnswer() {
        String source = "203.0.113.11";
        for (int i = 0; i < CAPACITY; i++) {
            given().header("X-Forwarded-For", source).put("/CreateUser").then().statusCode(405);
        }
        Response answer = given().header("X-Forwarded-For", source).put("/CreateUser");

        answer.then().statusCode(429).body("Code", equalTo("Throttling.User"));
        Map<String, Object> row = row(source, "UnsupportedHTTPMethod");
        assertEquals(1L, row.get("refusals"));
        assertEquals(answer.path("RequestId"), row.get("last_request_id"));
    }

    @Test
    void refusesToCountOnAnEventLoopThread() throws Exception {
        CompletableFuture<Boolean> counted = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(ignored -> {
            try {
                counted.complete(refusals.withinBudget(facts("203.0.113.12"), "IncompleteSignature"));
            } catch (RuntimeException e) {
                counted.completeExceptionally(e);
            }
        });

        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> counted.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, refused.getCause());
    }

    @Test
    void theCountsOfAnInstanceThatDiedBecomeOneEvent() {
        String source = "203.0.113.20";
        UnauthenticatedRefusals died = anotherInstance();
        Instant windowStart = windowStart();
        List<String> throttled = new ArrayList<>();
        for (int i = 0; i < CAPACITY + 4; i++) {
            RequestFacts facts = facts(source);
            if (!died.withinBudget(facts, "IncompleteSignature")) {
                throttled.add(facts.requestId());
            }
        }
        // No stop event: the instance is gone with whatever it held in memory.

        clock.advance(Duration.between(clock.instant(), windowStart.plus(WINDOW)));
        refusals.appendClosedWindows();
        assertEquals(List.of(), events(source, windowStart), "not before the window's counts have settled");
        clock.advance(UnauthenticatedRefusals.SETTLED_AFTER);
        refusals.appendClosedWindows();

        List<Map<String, Object>> events = events(source, windowStart);
        assertEquals(1, events.size(), events.toString());
        Map<String, Object> parameters = events.get(0);
        assertEquals(4, ((Number) parameters.get("Count")).intValue());
        assertEquals(4, throttled.size());
        assertEquals(throttled.get(0), parameters.get("FirstRequestId"));
        assertEquals(throttled.get(3), parameters.get("LastRequestId"));
        assertEquals("IncompleteSignature", parameters.get("Code"));
        assertEquals(windowStart.plus(WINDOW).toString(), parameters.get("WindowEnd"));
        assertEquals(0, TrailSnapshot.number(dataSource, "SELECT count(*) FROM unauthenticated_refusal_count"
                + " WHERE source_ip = '" + source + "'"), "the row became its event");

        refusals.appendClosedWindows();
        assertEquals(1, events(source, windowStart).size(), "once");
    }

    @Test
    void twoInstancesCountsOfOneWindowMergeIntoOneEvent() {
        String source = "203.0.113.21";
        UnauthenticatedRefusals first = anotherInstance();
        UnauthenticatedRefusals second = anotherInstance();
        Instant windowStart = windowStart();
        int throttled = 0;
        for (int i = 0; i < CAPACITY + 3; i++) {
            throttled += first.withinBudget(facts(source), "IncompleteSignature") ? 0 : 1;
            throttled += second.withinBudget(facts(source), "IncompleteSignature") ? 0 : 1;
        }

        clock.advance(WINDOW.plus(UnauthenticatedRefusals.SETTLED_AFTER));
        refusals.appendClosedWindows();

        List<Map<String, Object>> events = events(source, windowStart);
        assertEquals(1, events.size(), events.toString());
        assertEquals(6, throttled);
        assertEquals(throttled, ((Number) events.get(0).get("Count")).intValue(), "the counts add up");
    }

    @Test
    void oneInstanceAuditsAtMostItsGlobalBudgetOneByOneAcrossManySources() {
        UnauthenticatedRefusals instance = anotherInstance();
        Instant windowStart = windowStart();
        int sources = GLOBAL_CAPACITY + MAX_COUNTED_SOURCES;
        int within = 0;
        for (int i = 0; i < sources; i++) {
            if (instance.withinBudget(facts("198.18.0." + (i + 1)), "IncompleteSignature")) {
                within++;
            }
        }

        assertEquals(GLOBAL_CAPACITY, within, "each source was within its own budget");
        clock.advance(WINDOW.plus(UnauthenticatedRefusals.SETTLED_AFTER));
        refusals.appendClosedWindows();
        long counted = TrailSnapshot.number(dataSource, "SELECT COALESCE(sum(CAST(body::jsonb #>> "
                + "'{requestParameters,Count}' AS bigint)), 0) FROM audit_event WHERE event_name = '"
                + UnauthenticatedRefusals.EVENT_NAME + "' AND body::jsonb #>> '{requestParameters,WindowStart}' = '"
                + windowStart + "' AND body::jsonb #>> '{requestParameters,SourceIp}' LIKE '198.18.0.%'");
        assertEquals(sources - GLOBAL_CAPACITY, counted, "the rest counted, each under its own source");
    }

    /**
     * A flood that takes a new IPv6 /64 for every two requests, beyond the instance's budget after a few: each /64
     * has a budget of its own, but only the first max-counted-sources throttled in the window get counted events of
     * their own; the rest of the 429s are one other-sources event, and the log still verifies.
     */
    @Test
    void aFloodRotatingSlash64sCountsAtMostMaxCountedSourcesOnTheirOwn() {
        Instant windowStart = windowStart();
        int slash64s = 4 * MAX_COUNTED_SOURCES;
        List<String> throttledSources = new ArrayList<>();
        int throttled = 0;
        for (int i = 0; i < slash64s; i++) {
            String prefix = "2001:db8:" + Integer.toHexString(0x100 + i) + ":1::";
            for (String host : List.of("1", "2")) {
                Response answer = unsigned(prefix + host);
                if (answer.statusCode() == 429) {
                    answer.then().body("Code", equalTo("Throttling.User"));
                    throttled++;
                    if (!throttledSources.contains(prefix + "/64")) {
                        throttledSources.add(prefix + "/64");
                    }
                } else {
                    answer.then().statusCode(400).body("Code", equalTo("IncompleteSignature"));
                }
            }
        }
        assertEquals(2 * slash64s - GLOBAL_CAPACITY, throttled, "beyond the instance's budget every refusal is a 429");

        clock.advance(WINDOW.plus(UnauthenticatedRefusals.SETTLED_AFTER));
        refusals.appendClosedWindows();

        List<Map<String, Object>> events = events(windowStart);
        assertEquals(MAX_COUNTED_SOURCES + 1, events.size(), "the first sources and the others: "
                + events.stream().map(parameters -> parameters.get("SourceIp")).toList());
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Map<String, Object> parameters : events) {
            assertEquals("IncompleteSignature", parameters.get("Code"));
            counts.put((String) parameters.get("SourceIp"), ((Number) parameters.get("Count")).longValue());
        }
        List<String> own = throttledSources.subList(0, MAX_COUNTED_SOURCES);
        for (String source : own) {
            assertEquals(2L, counts.get(source), "both addresses of " + source + " under its /64");
        }
        assertEquals(throttled - 2L * MAX_COUNTED_SOURCES, counts.get(UnauthenticatedRefusals.OTHER_SOURCES),
                "the other sources' 429s in one count");
        assertEquals(throttled, counts.values().stream().mapToLong(Long::longValue).sum(), "every 429 is counted");

        SignedClient.call(Identity.ADMIN, "CreateAuditCheckpoint", Map.of()).at(clock.instant()).send().then()
                .statusCode(200);
        SignedClient.call(Identity.ADMIN, "VerifyAuditTrail", Map.of()).at(clock.instant()).send().then()
                .statusCode(200).body("Verified", equalTo(true));
    }

    /**
     * A flush the database cannot take within its bound (another session holds the table) is answered 503, by a
     * function and by the HTTP layer alike.
     */
    @Test
    void aCountThatCannotBeCommittedIsAnswered503AndNotThrottled() throws Exception {
        String source = "203.0.113.30";
        String httpLayerSource = "203.0.113.31";
        for (int i = 0; i < CAPACITY; i++) {
            unsigned(source).then().statusCode(400);
            given().header("X-Forwarded-For", httpLayerSource).put("/CreateUser").then().statusCode(405);
        }
        Response refused;
        Response refusedByTheHttpLayer;
        try (Connection holder = dataSource.getConnection(); Statement statement = holder.createStatement()) {
            holder.setAutoCommit(false);
            statement.execute("LOCK TABLE unauthenticated_refusal_count IN ACCESS EXCLUSIVE MODE");
            CompletableFuture<Response> put = CompletableFuture.supplyAsync(
                    () -> given().header("X-Forwarded-For", httpLayerSource).put("/CreateUser"));
            refused = unsigned(source);
            refusedByTheHttpLayer = put.get(60, TimeUnit.SECONDS);
            holder.rollback();
        }

        refused.then().statusCode(503).body("Code", equalTo("ServiceUnavailable"));
        refusedByTheHttpLayer.then().statusCode(503).body("Code", equalTo("ServiceUnavailable"));
        assertEquals(0, TrailSnapshot.number(dataSource, "SELECT count(*) FROM unauthenticated_refusal_count"
                + " WHERE source_ip = '" + httpLayerSource + "'"));
        Response throttled = unsigned(source);
        throttled.then().statusCode(429);
        Map<String, Object> row = row(source, "IncompleteSignature");
        assertEquals(1L, row.get("refusals"), "the 503 is not among the counted 429s");
        assertEquals(throttled.path("RequestId"), row.get("first_request_id"));
    }

    private UnauthenticatedRefusals anotherInstance() {
        return new UnauthenticatedRefusals(audit, entityManager, clock, config);
    }

    private Instant windowStart() {
        long length = WINDOW.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(clock.instant().toEpochMilli(), length) * length);
    }

    private RequestFacts facts(String sourceIp) {
        return new RequestFacts(UUID.randomUUID().toString(), "CreateUser", null, null, null, Map.of(), new byte[0],
                sourceIp, false, null, clock.instant());
    }

    private static Response unsigned(String source) {
        return given().header("X-Forwarded-For", source).contentType("application/json").body("{}")
                .post("/CreateUser");
    }

    /** The table's row of this window for the source and code. */
    private Map<String, Object> row(String source, String code) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(
                "SELECT refusals, first_request_id, last_request_id FROM unauthenticated_refusal_count"
                        + " WHERE source_ip = ? AND code = ? AND window_start = ?")) {
            query.setString(1, source);
            query.setString(2, code);
            query.setObject(3, OffsetDateTime.ofInstant(windowStart(), ZoneOffset.UTC));
            try (ResultSet rows = query.executeQuery()) {
                assertTrue(rows.next(), "a row for " + source + " " + code);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("refusals", rows.getLong(1));
                row.put("first_request_id", rows.getString(2));
                row.put("last_request_id", rows.getString(3));
                assertFalse(rows.next());
                return row;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The requestParameters of the counted events of the source and window. */
    private List<Map<String, Object>> events(String source, Instant windowStart) {
        return events(windowStart).stream().filter(parameters -> source.equals(parameters.get("SourceIp"))).toList();
    }

    /** The requestParameters of the counted events of the window, of every source. */
    private List<Map<String, Object>> events(Instant windowStart) {
        List<Map<String, Object>> events = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(
                "SELECT body::jsonb -> 'requestParameters' FROM audit_event WHERE event_name = ?"
                        + " AND body::jsonb #>> '{requestParameters,WindowStart}' = ?")) {
            query.setString(1, UnauthenticatedRefusals.EVENT_NAME);
            query.setString(2, windowStart.toString());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> parameters = json.readValue(rows.getString(1), Map.class);
                    events.add(parameters);
                }
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(e);
        }
        return events;
    }
}
