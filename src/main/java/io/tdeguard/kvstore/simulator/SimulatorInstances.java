package io.tdeguard.kvstore.simulator;

import static jakarta.transaction.Transactional.TxType.REQUIRES_NEW;

import java.time.Instant;
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

    /** Gives the instance a custom KMS key, listed by DescribeEncryptionKeyList (enabled, from KMS). */
    @Transactional(REQUIRES_NEW)
    public void addEncryptionKey(String instanceId, String keyId) {
        SimInstance.getEntityManager().createNativeQuery(
                "insert into sim_encryption_key (instance_id, key_id) values (?1, ?2) on conflict do nothing")
                .setParameter(1, instanceId).setParameter(2, keyId).executeUpdate();
    }

    /** Authorizes the instance to use KMS through a RAM role, as CheckCloudResourceAuthorized reports. */
    @Transactional(REQUIRES_NEW)
    public void authorizeRole(String instanceId, String roleArn) {
        SimInstance.getEntityManager().createNativeQuery(
                "insert into sim_authorized_role (instance_id, role_arn) values (?1, ?2) on conflict do nothing")
                .setParameter(1, instanceId).setParameter(2, roleArn).executeUpdate();
    }

    /**
     * Starts a modification task on the instance that is not a TDE change (a resize, say): until it ends,
     * ModifyInstanceTDE answers {@code TaskExists} while the TDE status stays as it is.
     */
    @Transactional(REQUIRES_NEW)
    public void startOtherTask(String instanceId, Instant endsAt) {
        SimInstance instance = SimInstance.findById(instanceId);
        if (instance == null) {
            throw new IllegalArgumentException("no simulated instance \"" + instanceId + "\"");
        }
        instance.taskEndsAt = endsAt;
    }

    @Transactional
    public Optional<InstanceState> find(String instanceId) {
        return SimInstance.<SimInstance>findByIdOptional(instanceId).map(SimInstance::state);
    }
}
