package io.tdeguard.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.support.SteppingClock;
import io.tdeguard.support.TrailSnapshot;

/**
 * More sources than the flood limits track, refused over and over in one window: a source forgotten to make room
 * never gets a fresh budget within the window, so the refusals audited one by one stay within capacity x (max-sources
 * + 1), and every other refusal is in a counted event.
 */
@QuarkusTest
@TestProfile(FloodSourcesTest.FewSources.class)
class FloodSourcesTest {

    static final int CAPACITY = 2;
    static final int MAX_SOURCES = 3;
    static final Duration WINDOW = Duration.ofMinutes(1);

    public static class FewSources implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tdeguard.auth.unauthenticated.capacity", String.valueOf(CAPACITY),
                    "tdeguard.auth.unauthenticated.max-sources", String.valueOf(MAX_SOURCES),
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

    @Test
    void sourcesBeyondTheTableShareOneBudgetAndForgettingOneGivesItNoFreshBudgetWithinTheWindow() {
        clock.advance(Duration.ofMillis(WINDOW.toMillis() - clock.instant().toEpochMilli() % WINDOW.toMillis()));
        Instant windowStart = Instant.ofEpochMilli(clock.instant().toEpochMilli());
        String[] sources = {"198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"};
        int refused = 0;
        int within = 0;
        for (int round = 0; round < 4; round++) {
            for (String source : sources) {
                for (int call = 0; call < 3; call++) {
                    refused++;
                    if (refusals.withinBudget(facts(source), "IncompleteSignature")) {
                        within++;
                    }
                }
            }
        }
        assertTrue(within <= CAPACITY * (MAX_SOURCES + 1), within + " of " + refused + " audited one by one");
        assertEquals(CAPACITY * (MAX_SOURCES + 1), within, "the tracked sources and the others each had their budget");

        clock.advance(WINDOW.plus(UnauthenticatedRefusals.SETTLED_AFTER));
        refusals.appendClosedWindows();
        long counted = TrailSnapshot.number(dataSource, "SELECT COALESCE(sum(CAST(body::jsonb #>> "
                + "'{requestParameters,Count}' AS bigint)), 0) FROM audit_event WHERE event_name = '"
                + UnauthenticatedRefusals.EVENT_NAME + "' AND body::jsonb #>> '{requestParameters,WindowStart}' = '"
                + windowStart + "'");
        assertEquals(refused - within, counted, "every refusal beyond the budgets is counted");
        assertEquals(1, TrailSnapshot.number(dataSource, "SELECT count(*) FROM audit_event WHERE event_name = '"
                + UnauthenticatedRefusals.EVENT_NAME + "' AND body::jsonb #>> '{requestParameters,WindowStart}' = '"
                + windowStart + "' AND body::jsonb #>> '{requestParameters,SourceIp}' = '"
                + UnauthenticatedRefusals.OTHER_SOURCES + "'"), "the untracked sources in one counted event");

        // A window later the idle sources are forgotten, and a new one has a budget of its own again.
        assertTrue(refusals.withinBudget(facts("198.51.100.5"), "IncompleteSignature"));
    }

    private RequestFacts facts(String sourceIp) {
        return new RequestFacts(UUID.randomUUID().toString(), "CreateUser", null, null, null, Map.of(), new byte[0],
                sourceIp, false, null, clock.instant());
    }
}
