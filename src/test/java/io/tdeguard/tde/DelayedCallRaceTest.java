package io.tdeguard.tde;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.tdeguard.kvstore.ChangeDeadline;
import io.tdeguard.kvstore.TdeBackend;
import io.tdeguard.kvstore.TdeStatus;
import io.tdeguard.support.DelayedSimulator;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.LogProofs;
import io.tdeguard.support.SignedClient;
import io.tdeguard.support.TestInstances;

/**
 * A ModifyInstanceTDE still on its way to the backend (a delay injected in the simulator) while the reconciler runs.
 * Within the bound the backend declares (tdeguard.audit.reconcile.after exceeds it), the reconciler leaves the intent
 * in doubt and the approval reserved, and the call's own answer is its outcome. A call held before its send beyond the
 * bound (a frozen or stalled function instance) is never sent: the change surely did not happen, and that is its
 * outcome. A call held once sent (a stalled network, or a freeze between the deadline's check and the send) is
 * reconciled meanwhile; its answer is then recorded as its own, late, outcome, marked when it contradicts the
 * reconciled one, and a change that happened after all spends the approval.
 */
@QuarkusTest
@TestProfile(DelayedCallRaceTest.DelayedBackend.class)
class DelayedCallRaceTest {

    static final Duration RECONCILE_AFTER = DelayedSimulator.LONGEST_CHANGE.plusSeconds(1);

    public static class DelayedBackend implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tdeguard.tde.backend", DelayedSimulator.NAME,
                    "tdeguard.audit.reconcile.after", RECONCILE_AFTER.toString());
        }
    }

    @Inject
    @TdeBackend
    DelayedSimulator backend;

    Identity requester;
    Identity approver;
    Identity auditor;
    Identity operator;

    @BeforeEach
    void identities() {
        requester = Fixtures.userWithPolicy("requester", Fixtures.REQUESTER_POLICY);
        approver = Fixtures.userWithPolicy("approver", Fixtures.APPROVER_POLICY);
        auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);
        operator = Fixtures.userWithPolicy("operator", ReconciliationTest.RECONCILER_POLICY);
    }

    @Test
    void aCallStillUnderWayIsLeftInDoubtByTheReconcilerAndItsOwnAnswerIsTheOutcome() throws Exception {
        Instant sent = Instant.now();
        Held held = held(TestInstances.supportingTde());
        Change change = held.change();
        // Older than the 2 s other tests reconcile after, younger than this backend's bound.
        Thread.sleep(Math.max(0, 2_500 - Duration.between(sent, Instant.now()).toMillis()));

        List<Map<String, Object>> resolutions = resolutionsOf(reconcile(), change);

        assertEquals(List.of(), resolutions, "the reconciler leaves a call that may still be under way");
        approvalIs(change, "Reserved");
        Response answered = held.answer();
        answered.then().statusCode(200).body("ApprovalId", equalTo(change.approvalId()));
        approvalIs(change, "Consumed");
        List<Map<String, Object>> events = events(answered.path("RequestId"));
        assertEquals(List.of("intent:Allowed", "outcome:Succeeded"), phases(events));
        assertNull(responseElements(events.get(1)).get("LateAnswer"), "answered in time: not late");
        Thread.sleep(RECONCILE_AFTER.toMillis());
        assertEquals(List.of(), resolutionsOf(reconcile(), change), "settled by its own answer");
    }

    @Test
    void anAnswerAfterTheReconcilerSettledIsRecordedAsItsOwnOutcomeMarkedAsContradictingAndSpendsTheApproval()
            throws Exception {
        Held held = heldBeyondTheBoundAndReconciled(TestInstances.supportingTde(), true);
        Change change = held.change();
        approvalIs(change, "Approved");

        Response answered = held.answer();

        answered.then().statusCode(200).body("ApprovalId", equalTo(change.approvalId()));
        approvalIs(change, "Consumed");
        List<Map<String, Object>> events = events(answered.path("RequestId"));
        assertEquals(List.of("intent:Allowed", "outcome:Failed", "outcome:Succeeded"), phases(events));
        lateAfterTheReconciler(events, true);
        assertEquals(List.of(), resolutionsOf(reconcile(), change), "reconciled once");
        verified();
    }

    @Test
    void aLateRefusalThatAgreesWithTheReconciledOutcomeIsRecordedAsLateAndNotContradicting() throws Exception {
        Held held = heldBeyondTheBoundAndReconciled(TestInstances.withoutTdeSupport(), true);
        Change change = held.change();

        Response answered = held.answer();

        answered.then().statusCode(400).body("Code", equalTo("IncorrectEngineVersion"));
        approvalIs(change, "Approved");
        List<Map<String, Object>> events = events(answered.path("RequestId"));
        assertEquals(List.of("intent:Allowed", "outcome:Failed", "outcome:Failed"), phases(events));
        assertEquals("IncorrectEngineVersion", lateAfterTheReconciler(events, false).get("BackendErrorCode"));
        verified();
    }

    @Test
    void aLateTimeoutAfterTheReconcilerSettledIsRecordedAsItsOwnLateOutcomeThatContradictsNothing() throws Exception {
        Held held = heldBeyondTheBoundAndReconciled(TestInstances.supportingTde(), true);
        Change change = held.change();

        Response answered = held.timeOut();

        answered.then().statusCode(503).body("Code", equalTo("ServiceUnavailable"));
        approvalIs(change, "Approved");
        List<Map<String, Object>> events = events(answered.path("RequestId"));
        assertEquals(List.of("intent:Allowed", "outcome:Failed", "outcome:InDoubt"), phases(events));
        lateAfterTheReconciler(events, false);
        assertEquals(List.of(), resolutionsOf(reconcile(), change), "a late timeout does not reopen the intent");
        verified();
    }

    @Test
    void aCallHeldBeforeItsSendPastItsDeadlineIsNeverSentAndItsOwnOutcomeSaysSoAndReleasesTheApproval()
            throws Exception {
        Held held = held(TestInstances.supportingTde());
        Change change = held.change();
        Thread.sleep(DelayedSimulator.LONGEST_CHANGE.toMillis() + 200);

        Response answered = held.answer();

        answered.then().statusCode(503).body("Code", equalTo("Backend.Unavailable"));
        tdeStaysDisabled(change);
        approvalIs(change, "Approved");
        List<Map<String, Object>> events = events(answered.path("RequestId"));
        assertEquals(List.of("intent:Allowed", "outcome:Failed"), phases(events));
        assertEquals(ChangeDeadline.PASSED, responseElements(events.get(1)).get("BackendErrorCode"));
        Thread.sleep(RECONCILE_AFTER.toMillis());
        assertEquals(List.of(), resolutionsOf(reconcile(), change), "settled by its own outcome");
        verified();
    }

    @Test
    void aCallHeldBeforeItsSendWhileTheReconcilerSettledIsNeverSentAndRecordedAsALateAgreeingOutcome()
            throws Exception {
        Held held = heldBeyondTheBoundAndReconciled(TestInstances.supportingTde(), false);
        Change change = held.change();

        Response answered = held.answer();

        answered.then().statusCode(503).body("Code", equalTo("Backend.Unavailable"));
        tdeStaysDisabled(change);
        approvalIs(change, "Approved");
        List<Map<String, Object>> events = events(answered.path("RequestId"));
        assertEquals(List.of("intent:Allowed", "outcome:Failed", "outcome:Failed"), phases(events));
        assertEquals(ChangeDeadline.PASSED, lateAfterTheReconciler(events, false).get("BackendErrorCode"));
        verified();
    }

    record Change(String instanceId, String approvalId) {
    }

    /** An approved change whose ModifyInstanceTDE is under way: its intent committed, the call held. */
    record Held(Change change, DelayedSimulator.Hold hold, CompletableFuture<Response> call) {
        /** Releases the call and waits for the caller's answer. */
        Response answer() throws Exception {
            hold.release();
            return call.get(60, TimeUnit.SECONDS);
        }

        /** Ends the call with no answer (a read timeout) and waits for the caller's answer. */
        Response timeOut() throws Exception {
            hold.timeOut();
            return call.get(60, TimeUnit.SECONDS);
        }
    }

    /** Held before its send. */
    private Held held(String instanceId) throws InterruptedException {
        return held(instanceId, false);
    }

    private Held held(String instanceId, boolean inFlight) throws InterruptedException {
        Map<String, String> parameters = Map.of("InstanceId", instanceId, "TDEStatus", "Enabled");
        String approvalId = Fixtures.requestApproval(requester, parameters);
        Fixtures.approve(approver, approvalId);
        DelayedSimulator.Hold hold = inFlight ? backend.holdNextChangeInFlight(instanceId)
                : backend.holdNextChange(instanceId);
        Identity caller = requester;
        CompletableFuture<Response> call = CompletableFuture.supplyAsync(
                () -> SignedClient.call(caller, "ModifyInstanceTDE", parameters).send());
        hold.awaitArrival();
        return new Held(new Change(instanceId, approvalId), hold, call);
    }

    /** A call held longer than the bound, which the reconciler meanwhile takes for one that did not happen. */
    private Held heldBeyondTheBoundAndReconciled(String instanceId, boolean inFlight) throws InterruptedException {
        Held held = held(instanceId, inFlight);
        Thread.sleep(RECONCILE_AFTER.toMillis() + 200);
        assertEquals(List.of("Failed"), resolutionsOf(reconcile(), held.change()).stream()
                .map(r -> r.get("Outcome")).toList(), "TDE is Disabled and the instance Normal: taken as not happened");
        return held;
    }

    private void tdeStaysDisabled(Change change) throws Exception {
        assertEquals(TdeStatus.DISABLED, backend.describeInstanceTdeStatus(null, change.instanceId()).tdeStatus(),
                "ModifyInstanceTDE never reached the service");
    }

    private Response reconcile() {
        return ReconciliationTest.reconcile(operator);
    }

    private static List<Map<String, Object>> resolutionsOf(Response run, Change change) {
        List<Map<String, Object>> all = run.path("Resolutions");
        return all.stream().filter(r -> change.instanceId().equals(r.get("InstanceId"))).toList();
    }

    private void approvalIs(Change change, String status) {
        ReconciliationTest.approvalIs(approver, change.approvalId(), status);
    }

    /** The events of one request, oldest first. */
    private List<Map<String, Object>> events(String requestId) {
        Response page = SignedClient.call(auditor, "LookupEvents",
                Fixtures.recent(Map.of("RequestId", requestId, "MaxResults", 100))).send();
        page.then().statusCode(200);
        List<Map<String, Object>> events = new ArrayList<>(page.<List<Map<String, Object>>>path("Events"));
        assertTrue(events.stream().allMatch(e -> requestId.equals(e.get("requestId"))), events.toString());
        Collections.reverse(events);
        return events;
    }

    /**
     * The call's own outcome (the third event), recorded after the reconciler's (the second) had taken the call for one
     * that did not happen: marked late, by the caller, contradicting or not.
     */
    private Map<String, Object> lateAfterTheReconciler(List<Map<String, Object>> events, boolean contradicts) {
        assertEquals("system", ((Map<?, ?>) events.get(1).get("userIdentity")).get("type"), "reconciled first");
        assertEquals(requester.userName(), ((Map<?, ?>) events.get(2).get("userIdentity")).get("userName"));
        Map<String, Object> late = responseElements(events.get(2));
        assertEquals(true, late.get("LateAnswer"));
        assertEquals("Failed", late.get("ReconciledOutcome"));
        assertEquals(contradicts, late.get("ContradictsReconciled"));
        return late;
    }

    private static List<String> phases(List<Map<String, Object>> events) {
        return events.stream().map(e -> e.get("phase") + ":" + e.get("outcome")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> responseElements(Map<String, Object> event) {
        return (Map<String, Object>) event.get("responseElements");
    }

    private void verified() {
        LogProofs.sequence(auditor);
        SignedClient.call(auditor, "VerifyAuditTrail", Map.of()).send().then().statusCode(200)
                .body("Verified", equalTo(true));
    }
}
