package io.tdeguard.kvstore.simulator;

import static jakarta.transaction.Transactional.TxType.REQUIRES_NEW;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.Unremovable;
import jakarta.transaction.Transactional;

/**
 * Test fixture of the simulator: makes the next ModifyInstanceTDE call for an instance time out, to exercise the
 * in-doubt path. No production code path calls it.
 */
// Kept although production code never injects it: tests reach it through the container.
@Unremovable
@ApplicationScoped
public class SimulatorFaults {

    /**
     * The next ModifyInstanceTDE call for this instance (only that one) times out with {@code IN_DOUBT}.
     *
     * @throws IllegalArgumentException if the simulator has no such instance
     */
    @Transactional(REQUIRES_NEW)
    public void failNextCall(String instanceId, InjectedFault fault) {
        SimInstance instance = SimInstance.findById(instanceId);
        if (instance == null) {
            throw new IllegalArgumentException("no simulated instance \"" + instanceId + "\"");
        }
        instance.nextCallFault = fault;
    }
}
