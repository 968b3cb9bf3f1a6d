package io.tdeguard.tde;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;
import io.tdeguard.support.TestInstances;

/** Many invocations racing for one approval: one change, every attempt in the trail. */
@QuarkusTest
class ConcurrentApprovalTest {

    static final int INVOCATIONS = 20;

    @Test
    void twentyConcurrentCallsHoldingOneApprovalMakeExactlyOneTdeCall() throws Exception {
        Identity requester = Fixtures.userWithPolicy("racer", Fixtures.REQUESTER_POLICY);
        Identity approver = Fixtures.userWithPolicy("approver", Fixtures.APPROVER_POLICY);
        Identity auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);
        String instanceId = TestInstances.supportingTde();
        Map<String, String> change = Map.of("InstanceId", instanceId, "TDEStatus", "Enabled");
        Fixtures.approve(approver, Fixtures.requestApproval(requester, change));

        List<SignedClient.Call> calls = new ArrayList<>();
        for (int i = 0; i < INVOCATIONS; i++) {
            calls.add(SignedClient.call(requester, "ModifyInstanceTDE", change));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(INVOCATIONS);
        List<Future<Response>> futures = new ArrayList<>();
        for (SignedClient.Call call : calls) {
            Callable<Response> send = () -> {
                start.await();
                return call.send();
            };
            futures.add(pool.submit(send));
        }
        start.countDown();
        List<Response> responses = new ArrayList<>();
        for (Future<Response> future : futures) {
            responses.add(future.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        long succeeded = responses.stream().filter(r -> r.statusCode() == 200).count();
        long refused = responses.stream()
                .filter(r -> r.statusCode() == 403 && "Forbidden.ApprovalRequired".equals(r.path("Code"))).count();
        assertEquals(1, succeeded, "successful invocations");
        assertEquals(INVOCATIONS - 1, refused, "invocations refused for want of an approval");
        assertEquals(1, TestInstances.tdeCalls(instanceId), "calls the TDE backend received");

        List<Map<String, Object>> events = ModifyInstanceTdeTest.eventsOf(auditor, instanceId).stream()
                .filter(e -> "ModifyInstanceTDE".equals(e.get("eventName"))).toList();
        for (Response response : responses) {
            String requestId = response.path("RequestId");
            long recorded = events.stream().filter(e -> requestId.equals(e.get("requestId"))).count();
            assertEquals(response.statusCode() == 200 ? 2 : 1, recorded, "events of request " + requestId);
        }
        assertEquals(1, events.stream().filter(e -> "intent".equals(e.get("phase"))).count());
        assertEquals(1, events.stream().filter(e -> "Succeeded".equals(e.get("outcome"))).count());
        assertEquals(INVOCATIONS - 1, events.stream().filter(e -> "Denied".equals(e.get("outcome"))).count());
        events.forEach(event -> io.tdeguard.support.LogProofs.assertIncluded(auditor, event));
    }
}
