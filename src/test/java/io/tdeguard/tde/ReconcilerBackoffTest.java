package io.tdeguard.tde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.tdeguard.application.tde.InDoubtReconcilerAccess;
import io.tdeguard.audit.AuditTrail;
import io.tdeguard.kvstore.simulator.InjectedFault;
import io.tdeguard.kvstore.simulator.SimulatorFaults;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SteppingClock;

/**
 * Intents the backend cannot settle (their instances are gone) back off and never hold back newer ones. The
 * function's clock stands still ({@link SteppingClock}) and the test moves it: how long a run takes on a loaded
 * machine changes nothing of what is due when.
 */
@QuarkusTest
@TestProfile(ReconcilerBackoffTest.SteppedTime.class)
class ReconcilerBackoffTest {

    /** tdeguard.audit.reconcile.after in tests, which is also the first backoff. */
    static final Duration RECONCILE_AFTER = Duration.ofSeconds(2);

    public static class SteppedTime implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(SteppingClock.class);
        }
    }

    @Inject
    SteppingClock clock;

    @Inject
    SimulatorFaults faults;

    @Inject
    AuditTrail trail;

    @Test
    void intentsTheBackendCannotSettleBackOffAndNeverHoldBackNewerOnes() {
        Identity requester = Fixtures.userWithPolicy("requester", Fixtures.REQUESTER_POLICY);
        Identity approver = Fixtures.userWithPolicy("approver", Fixtures.APPROVER_POLICY);
        Identity operator = Fixtures.userWithPolicy("operator", ReconciliationTest.RECONCILER_POLICY);
        String gone = "r-gone" + Long.toString(System.nanoTime(), 36);
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i <= InDoubtReconcilerAccess.BATCH; i++) {
                trail.append(ReconciliationTest.intentOf(gone + "x" + i));
            }
        });
        ReconciliationTest.Change change = ReconciliationTest.inDoubt(faults, requester, approver,
                InjectedFault.REQUEST_LOST);
        clock.advance(RECONCILE_AFTER.plusMillis(100));

        Response first = ReconciliationTest.reconcile(operator);
        Response second = ReconciliationTest.reconcile(operator);

        List<Map<String, Object>> settled = new java.util.ArrayList<>(ReconciliationTest.resolutionsFor(first, change));
        settled.addAll(ReconciliationTest.resolutionsFor(second, change));
        assertEquals(List.of("Failed"), settled.stream().map(r -> r.get("Outcome")).toList(),
                "the newer change is settled within two runs although " + (InDoubtReconcilerAccess.BATCH + 1)
                        + " older intents cannot be");
        Set<String> triedFirst = goneIn(first, gone);
        Set<String> triedSecond = goneIn(second, gone);
        assertEquals(Set.of(), triedSecond.stream().filter(triedFirst::contains).collect(Collectors.toSet()),
                "an intent tried in the first run waits before its next try");
        assertEquals(InDoubtReconcilerAccess.BATCH + 1, triedFirst.size() + triedSecond.size(),
                "each gone intent is tried once, the one the first run had no room for in the second");
        ReconciliationTest.approvalIs(approver, change.approvalId(), "Approved");

        clock.advance(RECONCILE_AFTER.minusSeconds(1));
        assertEquals(Set.of(), goneIn(ReconciliationTest.reconcile(operator), gone), "within the first backoff");
        clock.advance(Duration.ofSeconds(1));
        Set<String> triedAgain = goneIn(ReconciliationTest.reconcile(operator), gone);
        assertTrue(triedAgain.stream().anyMatch(triedFirst::contains), "once its backoff has passed, an intent is "
                + "tried again: " + triedAgain.size());
    }

    /** The gone instances a run tried, each left unresolved. */
    private static Set<String> goneIn(Response run, String gone) {
        List<Map<String, Object>> resolutions = run.path("Resolutions");
        List<Map<String, Object>> tried = resolutions.stream()
                .filter(r -> String.valueOf(r.get("InstanceId")).startsWith(gone)).toList();
        assertTrue(tried.stream().allMatch(r -> "Unresolved".equals(r.get("Outcome"))), tried.toString());
        return tried.stream().map(r -> (String) r.get("InstanceId")).collect(Collectors.toSet());
    }
}
