package io.tdeguard.kvstore.simulator;

import static jakarta.transaction.Transactional.TxType.REQUIRES_NEW;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.Unremovable;
import jakarta.transaction.Transactional;

import io.tdeguard.kvstore.InstanceIds;

/**
 * Creates and reads simulated instances, so that each test can work on an instance of its own. Creating an
 * instance is what buying one is at the real service: there is no such call in {@link io.tdeguard.kvstore.TdeApi}.
 */
// Kept although production code never injects it: tests reach it through the container.
@Unremovable
@ApplicationScoped
public class SimulatorInstances {

    /**
     * Creates an instance with TDE off.
     *
     * @throws IllegalArgumentException if the id is not well formed (such an instance could never be found)
     */
    @Transactional(REQUIRES_NEW)
    public InstanceState create(String instanceId, String regionId, String engineVersion, boolean supportsTde) {
        if (!InstanceIds.isWellFormed(instanceId)) {
            throw new IllegalArgumentException("instance id \"" + instanceId + "\" does not match "
                    + InstanceIds.PATTERN);
        }
        SimInstance instance = new SimInstance();
        instance.instanceId = instanceId;
        instance.regionId = regionId;
        instance.engineVersion = engineVersion;
        instance.supportsTde = supportsTde;
        instance.persist();
        return instance.state();
    }

    @Transactional
    public Optional<InstanceState> find(String instanceId) {
        return SimInstance.<SimInstance>findByIdOptional(instanceId).map(SimInstance::state);
    }
}
