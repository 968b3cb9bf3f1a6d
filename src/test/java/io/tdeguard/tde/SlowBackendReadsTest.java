package io.tdeguard.tde;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.tdeguard.kvstore.simulator.SimulatorInstances;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;
import io.tdeguard.support.emulator.EmulatorResource;
import io.tdeguard.support.emulator.OpenApiTestProfile;

/**
 * A slow R-kvstore holds no database connection: with a pool of two connections that gives up waiting after half a
 * second, more reads than the pool has connections wait on the backend at once, and they and a call made meanwhile
 * are all answered and each recorded. While a read held its connection across the backend's answer, the pool ran out
 * and calls failed with no record at all.
 */
@QuarkusTest
@TestProfile(SlowBackendReadsTest.SmallPool.class)
class SlowBackendReadsTest {

    private static final int READS = 6;
    private static final Duration BACKEND_DELAY = Duration.ofSeconds(3);

    public static class SmallPool extends OpenApiTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("quarkus.datasource.jdbc.max-size", "2");
            overrides.put("quarkus.datasource.jdbc.acquisition-timeout", "PT0.5S");
            // The backend's delay is within the read timeout; reconcile.after must exceed the longest change with it.
            overrides.put("tdeguard.openapi.read-timeout", "PT5S");
            overrides.put("tdeguard.audit.reconcile.after", "PT2M");
            return overrides;
        }
    }

    @Inject
    SimulatorInstances instances;

    @AfterEach
    void backendAtFullSpeed() {
        EmulatorResource.emulator().delayReads(Duration.ZERO);
    }

    @Test
    void readsWaitingOnTheBackendLeaveConnectionsToOtherCalls() throws Exception {
        Identity requester = Fixtures.userWithPolicy("requester", Fixtures.REQUESTER_POLICY);
        Identity auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);
        String instanceId = "r-s" + Long.toString(System.nanoTime(), 36) + "x";
        instances.create(instanceId, "cn-hangzhou", "7.0", true);
        EmulatorResource.emulator().delayReads(BACKEND_DELAY);

        ExecutorService callers = Executors.newFixedThreadPool(READS);
        List<Future<Response>> reads = new ArrayList<>();
        Response meanwhile;
        try {
            for (int i = 0; i < READS; i++) {
                reads.add(callers.submit(() -> SignedClient.call(requester, "DescribeInstanceTDEStatus",
                        Map.of("InstanceId", instanceId)).send()));
            }
            // The reads are waiting on the backend by now (it answers after three seconds).
            Thread.sleep(1000);
            meanwhile = SignedClient.call(Identity.ADMIN, "CreateGroup", Map.of("GroupName", Fixtures.unique("group")))
                    .send();
        } finally {
            callers.shutdown();
        }
        meanwhile.then().statusCode(200);
        List<String> requestIds = new ArrayList<>();
        for (Future<Response> read : reads) {
            Response response = read.get(60, TimeUnit.SECONDS);
            response.then().statusCode(200).body("TDEStatus", equalTo("Disabled"));
            requestIds.add(response.path("RequestId"));
        }
        requestIds.add(meanwhile.path("RequestId"));

        EmulatorResource.emulator().delayReads(Duration.ZERO);
        for (String requestId : requestIds) {
            Response found = SignedClient.call(auditor, "LookupEvents",
                    Fixtures.recent(Map.of("RequestId", requestId))).send();
            found.then().statusCode(200);
            List<Map<String, Object>> events = found.path("Events");
            assertEquals(1, events.size(), "one event of request " + requestId + ": " + events);
            assertEquals("Succeeded", events.get(0).get("outcome"));
        }
    }
}
