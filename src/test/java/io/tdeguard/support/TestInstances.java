package io.tdeguard.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import io.quarkus.arc.Arc;
import io.tdeguard.kvstore.simulator.SimulatorCalls;
import io.tdeguard.kvstore.simulator.SimulatorInstances;

/** Fresh simulated instances, one per test, and what the simulated backend saw of them. */
public final class TestInstances {

    private TestInstances() {
    }

    public static String supportingTde() {
        return create(true);
    }

    public static String withoutTdeSupport() {
        return create(false);
    }

    private static String create(boolean supportsTde) {
        String id = "r-test" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36).toLowerCase(Locale.ROOT);
        Arc.container().instance(SimulatorInstances.class).get().create(id, "cn-hangzhou", supportsTde ? "7.0" : "4.0", supportsTde);
        return id;
    }

    /** How many ModifyInstanceTDE calls reached the backend for the instance, accepted or not. */
    public static long tdeCalls(String instanceId) {
        return Arc.container().instance(SimulatorCalls.class).get().count(instanceId);
    }

    public static void assertNoTdeCall(String instanceId) {
        assertEquals(0, tdeCalls(instanceId), "calls the TDE backend received for " + instanceId);
    }
}
