package io.tdeguard.tde;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.audit.AuditRecord;
import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.audit.AuditRecord.Outcome;
import io.tdeguard.audit.AuditRecord.Phase;
import io.tdeguard.audit.UserIdentity;
import io.tdeguard.kvstore.simulator.InjectedFault;
import io.tdeguard.kvstore.simulator.SimulatorFaults;
import io.tdeguard.kvstore.simulator.SimulatorInstances;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;
import io.tdeguard.support.TestInstances;

/**
 * A TDE call that times out leaves its intent in doubt and its approval reserved; reconciliation (older than
 * tdeguard.audit.reconcile.after, 2 s in tests) asks the backend and appends the outcome it finds, consuming or
 * releasing the approval, under the system identity, once even when reconcilers race.
 */
@QuarkusTest
class ReconciliationTest {

    static final String RECONCILER_POLICY = """
            {"Version":"1","Statement":[{"Effect":"Allow","Action":"tdeguard:ReconcileInDoubtChanges","Resource":"*"}]}""";

    @Inject
    SimulatorFaults faults;

    @Inject
    SimulatorInstances instances;

    Identity requester;
    Identity approver;
    Identity auditor;
    Identity operator;

    @BeforeEach
    void identities() {
        requester = Fixtures.userWithPolicy("requester", Fixtures.REQUESTER_POLICY);
        approver = Fixtures.userWithPolicy("approver", Fixtures.APPROVER_POLICY);
        auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);
        operator = Fixtures.userWithPolicy("operator", RECONCILER_POLICY);
    }

    @Test
    void aChangeWhoseResponseWasLostIsReconciledAsSucceededAndItsApprovalConsumed() throws Exception {
        Change change = inDoubt(InjectedFault.RESPONSE_LOST);
        status(change.approvalId(), "Reserved");

        assertEquals(List.of(), resolutionsFor(reconcile(), change), "too young to reconcile");
        Thread.sleep(2_100);
        List<Map<String, Object>> resolved = resolutionsFor(reconcile(), change);
        assertEquals(1, resolved.size(), resolved.toString());
        assertEquals("Succeeded", resolved.get(0).get("Outcome"));
        assertEquals("Enabled", resolved.get(0).get("TDEStatus"));

        status(change.approvalId(), "Consumed");
        Map<String, Object> outcome = reconciledOutcome(change);
        assertEquals("Succeeded", outcome.get("outcome"));
        assertNull(outcome.get("errorCode"));
        assertEquals(1, TestInstances.tdeCalls(change.instanceId()));
        assertEquals(List.of(), resolutionsFor(reconcile(), change), "resolved once");
    }

    @Test
    void aChangeWhoseRequestWasLostIsReconciledAsFailedAndItsApprovalReleased() throws Exception {
        Change change = inDoubt(InjectedFault.REQUEST_LOST);
        Thread.sleep(2_100);
        List<Map<String, Object>> resolved = resolutionsFor(reconcile(), change);
        assertEquals("Failed", resolved.get(0).get("Outcome"), resolved.toString());

        status(change.approvalId(), "Approved");
        Map<String, Object> outcome = reconciledOutcome(change);
        assertEquals("Failed", outcome.get("outcome"));
        assertEquals("Reconciled.TdeNotEnabled", outcome.get("errorCode"));
        SignedClient.call(requester, "DescribeInstanceTDEStatus", Map.of("InstanceId", change.instanceId())).send()
                .then().statusCode(200).body("TDEStatus", equalTo("Disabled"));
        // the released approval serves the retry
        SignedClient.call(requester, "ModifyInstanceTDE", change.parameters()).send().then().statusCode(200)
                .body("ApprovalId", equalTo(change.approvalId()));
    }

    @Test
    void racingReconcilersRecordOneOutcome() throws Exception {
        Change change = inDoubt(InjectedFault.RESPONSE_LOST);
        Thread.sleep(2_100);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Response>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(pool.submit(() -> reconcile()));
        }
        long resolvedHere = 0;
        for (Future<Response> run : runs) {
            resolvedHere += resolutionsFor(run.get(60, TimeUnit.SECONDS), change).stream()
                    .filter(r -> "Succeeded".equals(r.get("Outcome"))).count();
        }
        pool.shutdown();
        assertEquals(1, resolvedHere, "runs that recorded the outcome");
        long outcomes = events(change).stream()
                .filter(e -> "outcome".equals(e.get("phase")) && "Succeeded".equals(e.get("outcome"))).count();
        assertEquals(1, outcomes, "Succeeded outcome events of the intent");
        status(change.approvalId(), "Consumed");
    }

    @Test
    void refusesReconciliationToAUserWithoutItsAction() {
        SignedClient.call(auditor, "ReconcileInDoubtChanges", Map.of()).send().then().statusCode(403)
                .body("Code", equalTo("Forbidden.RAM"));
    }

    @Test
    void aDisabledInstanceWhoseTaskIsUnderWayStaysInDoubtAndKeepsItsApproval() throws Exception {
        Change change = inDoubt(InjectedFault.REQUEST_LOST);
        instances.startOtherTask(change.instanceId(), Instant.now().plusSeconds(600));
        Thread.sleep(2100);

        List<Map<String, Object>> resolved = resolutionsFor(reconcile(), change);

        assertEquals(1, resolved.size(), resolved.toString());
        assertEquals("Unresolved", resolved.get(0).get("Outcome"));
        assertTrue(String.valueOf(resolved.get(0).get("Detail")).contains("Changing"), resolved.toString());
        status(change.approvalId(), "Reserved");
        assertTrue(events(change).stream().noneMatch(e -> "system".equals(
                ((Map<?, ?>) e.get("userIdentity")).get("type"))), "no outcome recorded while a task may enable TDE");
    }

    /** An intent of a change of an instance, appended as the use case appends it. */
    static AuditRecord intentOf(String instanceId) {
        RequestFacts facts = new RequestFacts("GONE-" + instanceId, "ModifyInstanceTDE", "POST", "/ModifyInstanceTDE",
                "", Map.of(), new byte[0], "127.0.0.1", false, "test", Instant.now());
        return new AuditRecord("ModifyInstanceTDE", "kvstore", EventRW.Write, Phase.intent, Outcome.Allowed, facts,
                UserIdentity.unauthenticated(null), "acs:kvstore:cn-hangzhou:1234567890123456:instance/" + instanceId,
                instanceId, "cn-hangzhou", Map.of("InstanceId", instanceId, "TDEStatus", "Enabled"), null, null, null,
                "Allow", List.of(), null, null);
    }

    record Change(String instanceId, String approvalId, String requestId, Map<String, String> parameters) {
    }

    private Change inDoubt(InjectedFault fault) {
        return inDoubt(faults, requester, approver, fault);
    }

    /** An approved change whose TDE call times out: 503, an intent and an InDoubt outcome, the approval reserved. */
    static Change inDoubt(SimulatorFaults faults, Identity requester, Identity approver, InjectedFault fault) {
        String instanceId = TestInstances.supportingTde();
        Map<String, String> parameters = Map.of("InstanceId", instanceId, "TDEStatus", "Enabled");
        String approvalId = Fixtures.requestApproval(requester, parameters);
        Fixtures.approve(approver, approvalId);
        faults.failNextCall(instanceId, fault);
        Response modified = SignedClient.call(requester, "ModifyInstanceTDE", parameters).send();
        modified.then().statusCode(503).body("Code", equalTo("ServiceUnavailable"));
        return new Change(instanceId, approvalId, modified.path("RequestId"), parameters);
    }

    private Response reconcile() {
        return reconcile(operator);
    }

    /** A run of ReconcileInDoubtChanges now, by a caller allowed it. */
    static Response reconcile(Identity operator) {
        Response response = SignedClient.call(operator, "ReconcileInDoubtChanges", Map.of()).send();
        response.then().statusCode(200);
        return response;
    }

    static List<Map<String, Object>> resolutionsFor(Response run, Change change) {
        List<Map<String, Object>> all = run.path("Resolutions");
        return all.stream().filter(r -> change.requestId().equals(r.get("OriginalRequestId"))).toList();
    }

    private void status(String approvalId, String expected) {
        approvalIs(approver, approvalId, expected);
    }

    static void approvalIs(Identity reader, String approvalId, String expected) {
        SignedClient.call(reader, "DescribeApproval", Map.of("ApprovalId", approvalId)).send().then()
                .statusCode(200).body("Status", equalTo(expected));
    }

    private List<Map<String, Object>> events(Change change) {
        io.tdeguard.support.LogProofs.sequence(auditor);
        Response page = SignedClient.call(auditor, "LookupEvents",
                Fixtures.recent(Map.of("RequestId", change.requestId(), "MaxResults", 100))).send();
        page.then().statusCode(200);
        return page.path("Events");
    }

    /** The reconciler's outcome event: the intent's RequestId and approval, the system identity as caller. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> reconciledOutcome(Change change) {
        List<Map<String, Object>> events = events(change);
        Map<String, Object> intent = events.stream().filter(e -> "intent".equals(e.get("phase"))).findFirst().orElseThrow();
        List<Map<String, Object>> reconciled = events.stream().filter(e -> "outcome".equals(e.get("phase"))
                && "system".equals(((Map<String, Object>) e.get("userIdentity")).get("type"))).toList();
        assertEquals(1, reconciled.size(), events.toString());
        Map<String, Object> outcome = reconciled.get(0);
        assertEquals(intent.get("eventId"), outcome.get("intentEventId"));
        assertEquals(change.approvalId(), outcome.get("approvalId"));
        assertEquals("ModifyInstanceTDE", outcome.get("eventName"));
        Map<String, Object> identity = (Map<String, Object>) outcome.get("userIdentity");
        assertEquals("tdeguard-reconciler", identity.get("userName"));
        assertEquals("acs:tdeguard::1234567890123456:system/tdeguard-reconciler", identity.get("arn"));
        // the timeout was recorded as InDoubt before; the reconciliation does not rewrite it
        assertEquals(1, events.stream().filter(e -> "InDoubt".equals(e.get("outcome"))).count(), events.toString());
        io.tdeguard.support.LogProofs.assertIncluded(auditor, outcome);
        return outcome;
    }
}
