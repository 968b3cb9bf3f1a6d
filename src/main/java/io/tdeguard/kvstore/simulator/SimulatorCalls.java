package io.tdeguard.kvstore.simulator;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.Unremovable;
import jakarta.transaction.Transactional;

/**
 * Reads the simulator's log of ModifyInstanceTDE calls, e.g. for a test to check that exactly one call reached
 * the service. Calls lost before reaching it ({@link InjectedFault#REQUEST_LOST}) are not in the log.
 */
// Kept although production code never injects it: tests reach it through the container.
@Unremovable
@ApplicationScoped
public class SimulatorCalls {

    /** Every call received for this instance id, accepted or not. */
    @Transactional
    public long count(String instanceId) {
        return SimTdeCall.count("instanceId", instanceId);
    }

    /** The calls answered with success, including repeated enables that changed nothing. */
    @Transactional
    public long countAccepted(String instanceId) {
        return SimTdeCall.count("instanceId = ?1 and accepted = true", instanceId);
    }

    /** The calls that turned TDE on: at most one per instance, since TDE is never turned off. */
    @Transactional
    public long countChanged(String instanceId) {
        return SimTdeCall.count("instanceId = ?1 and changed = true", instanceId);
    }

    /** The calls received for this instance id, oldest first. */
    @Transactional
    public List<RecordedCall> calls(String instanceId) {
        return SimTdeCall.<SimTdeCall>list("instanceId = ?1 order by id", instanceId).stream()
                .map(SimTdeCall::recorded)
                .toList();
    }
}
