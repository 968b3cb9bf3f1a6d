package io.tdeguard.kvstore.simulator;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The simulator backend on a {@link ControllableClock}, with a known task duration. */
public class SimulatorTestProfile implements QuarkusTestProfile {

    public static final Duration TASK_DURATION = Duration.ofSeconds(30);

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("tdeguard.tde.backend", "simulator",
                "tdeguard.simulator.task-duration", TASK_DURATION.toString());
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(ControllableClock.class);
    }
}
