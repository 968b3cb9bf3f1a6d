package io.tdeguard.kvstore.simulator;

import static jakarta.transaction.Transactional.TxType.REQUIRES_NEW;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.quarkus.arc.Unremovable;
import io.tdeguard.kvstore.EncryptionKeyList;
import io.tdeguard.kvstore.EncryptionKeyResult;
import io.tdeguard.kvstore.InstanceAttribute;
import io.tdeguard.kvstore.InstanceIds;
import io.tdeguard.kvstore.ModifyTdeCommand;
import io.tdeguard.kvstore.ResourceAuthorization;
import io.tdeguard.kvstore.TdeApiException;
import io.tdeguard.kvstore.TdeStatus;
import io.tdeguard.kvstore.TdeStatusResult;

/**
 * The simulated ApsaraDB for Redis service itself: its state machine, with the state of each instance in
 * PostgreSQL ({@code sim_instance}, its keys and authorized roles) and every ModifyInstanceTDE call in a log
 * ({@code sim_tde_call}). Two fronts share it: {@link SimulatedTdeApi} (the {@code simulator} backend, in process)
 * and the tests' OpenAPI emulator (the same operations over signed HTTP), so both answer by the same rules.
 *
 * <p>Like a remote service's, a change commits in its own transaction, whatever the caller's (a read joins its
 * caller's transaction, if any), and ModifyInstanceTDE holds the instance's row lock, so calls for one instance are
 * served one at a time. ModifyInstanceTDE checks, in order: the id is well formed, the instance exists (in the given
 * region, if one is given), no modification task is running, the engine supports TDE, TDEStatus is {@code Enabled}.
 * Then either TDE is already on (success, nothing changes) or it is turned on and a task of
 * {@code tdeguard.simulator.task-duration} starts. TDE is on from the moment the call is accepted; it is never turned
 * off.
 */
// Kept although production code may not inject it (backend openapi): the tests' emulator reaches it.
@Unremovable
@ApplicationScoped
public class SimulatedService {


    /**
     * The service's answer to one ModifyInstanceTDE call, and the network fault injected into it, which the front
     * plays (the caller sees a timeout instead of this answer).
     *
     * @param requestId null when the request was lost before reaching the service
     * @param rejection the service's error, or null when it accepted the call
     */
    public record Modification(String requestId, boolean changed, TdeApiException rejection, InjectedFault fault) {
    }

    @Inject
    SimulatorConfig config;

    @Inject
    @SimulatorClock
    Clock clock;

    /** Rejected calls commit too: the call log keeps them, and a lost response leaves the change applied. */
    @Transactional(REQUIRES_NEW)
    public Modification modifyInstanceTde(ModifyTdeCommand command) {
        Instant now = clock.instant();
        SimTdeCall call = SimTdeCall.received(command, newRequestId(), now);
        InjectedFault fault = null;
        SimulatedRejection rejection = null;
        try {
            SimInstance instance = lookUp(command.regionId(), command.instanceId(), LockModeType.PESSIMISTIC_WRITE);
            fault = instance.takeNextCallFault();
            if (fault == InjectedFault.REQUEST_LOST) {
                return new Modification(null, false, null, fault);
            }
            call.accept(enable(instance, command, now));
        } catch (Rejected rejected) {
            rejection = rejected.reason;
            call.reject(rejection);
        }
        call.responseLost = fault == InjectedFault.RESPONSE_LOST;
        call.persist();
        return new Modification(call.backendRequestId, call.changed,
                rejection == null ? null : rejection.toException(call.backendRequestId), fault);
    }

    @Transactional
    public TdeStatusResult describeInstanceTdeStatus(String regionId, String instanceId) throws TdeApiException {
        String requestId = newRequestId();
        return new TdeStatusResult(requestId, find(regionId, instanceId, requestId).tdeStatus);
    }

    @Transactional
    public EncryptionKeyList describeEncryptionKeyList(String regionId, String instanceId) throws TdeApiException {
        String requestId = newRequestId();
        SimInstance instance = find(regionId, instanceId, requestId);
        @SuppressWarnings("unchecked")
        List<String> keyIds = SimInstance.getEntityManager()
                .createNativeQuery("select key_id from sim_encryption_key where instance_id = ?1 order by key_id")
                .setParameter(1, instance.instanceId)
                .getResultList();
        return new EncryptionKeyList(requestId, keyIds);
    }

    @Transactional
    public EncryptionKeyResult describeEncryptionKey(String regionId, String instanceId, String encryptionKey)
            throws TdeApiException {
        String requestId = newRequestId();
        SimInstance instance = find(regionId, instanceId, requestId);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = SimInstance.getEntityManager().createNativeQuery(
                "select key_id, key_status, origin, description from sim_encryption_key"
                        + " where instance_id = ?1 and key_id = ?2")
                .setParameter(1, instance.instanceId)
                .setParameter(2, encryptionKey)
                .getResultList();
        if (rows.isEmpty()) {
            throw SimulatedRejection.ENCRYPTION_KEY_NOT_FOUND.toException(requestId);
        }
        Object[] key = rows.get(0);
        boolean inUse = encryptionKey.equals(instance.encryptionKeyId);
        return new EncryptionKeyResult(requestId, (String) key[0], (String) key[1],
                inUse ? instance.encryptionName : ModifyTdeCommand.DEFAULT_ENCRYPTION_NAME, "ENCRYPT/DECRYPT", (String) key[2],
                (String) key[3], inUse ? instance.roleArn : null);
    }

    /** Authorized when the role (or, without one, any role) was authorized for the instance. */
    @Transactional
    public ResourceAuthorization checkCloudResourceAuthorized(String regionId, String instanceId, String roleArn)
            throws TdeApiException {
        String requestId = newRequestId();
        SimInstance instance = find(regionId, instanceId, requestId);
        boolean anyRole = roleArn == null || roleArn.isEmpty();
        Number authorized = (Number) SimInstance.getEntityManager().createNativeQuery(
                "select count(*) from sim_authorized_role where instance_id = ?1 and (?2 or role_arn = ?3)")
                .setParameter(1, instance.instanceId)
                .setParameter(2, anyRole)
                .setParameter(3, anyRole ? "" : roleArn)
                .getSingleResult();
        return new ResourceAuthorization(requestId, authorized.longValue() > 0
                ? ResourceAuthorization.AUTHORIZED
                : ResourceAuthorization.NOT_AUTHORIZED);
    }

    /** {@code Changing} while a modification task runs, else {@code Normal}. */
    @Transactional
    public InstanceAttribute describeInstanceAttribute(String regionId, String instanceId) throws TdeApiException {
        String requestId = newRequestId();
        SimInstance instance = find(regionId, instanceId, requestId);
        return new InstanceAttribute(requestId, instance.instanceId, instance.regionId, instance.engineVersion,
                instance.hasTaskRunningAt(clock.instant()) ? "Changing" : "Normal", instance.supportsTde);
    }

    private static SimInstance find(String regionId, String instanceId, String requestId) throws TdeApiException {
        try {
            return lookUp(regionId, instanceId, LockModeType.NONE);
        } catch (Rejected rejected) {
            throw rejected.reason.toException(requestId);
        }
    }

    private static SimInstance lookUp(String regionId, String instanceId, LockModeType lock) throws Rejected {
        if (!InstanceIds.isWellFormed(instanceId)) {
            throw new Rejected(SimulatedRejection.INSTANCE_NAME_MALFORMED);
        }
        SimInstance instance = SimInstance.findById(instanceId, lock);
        boolean regionGiven = regionId != null && !regionId.isBlank();
        if (instance == null || (regionGiven && !regionId.equals(instance.regionId))) {
            throw new Rejected(SimulatedRejection.INSTANCE_NOT_FOUND);
        }
        return instance;
    }

    /** Returns whether TDE was turned on by this call (false: it already was). */
    private boolean enable(SimInstance instance, ModifyTdeCommand command, Instant now) throws Rejected {
        if (instance.hasTaskRunningAt(now)) {
            throw new Rejected(SimulatedRejection.TASK_EXISTS);
        }
        if (!instance.supportsTde) {
            throw new Rejected(SimulatedRejection.INCORRECT_ENGINE_VERSION);
        }
        if (!TdeStatus.ENABLED.equals(command.tdeStatus())) {
            boolean disabling = TdeStatus.DISABLED.equals(command.tdeStatus()) && instance.isTdeEnabled();
            throw new Rejected(disabling ? SimulatedRejection.TDE_CANNOT_BE_DISABLED
                    : SimulatedRejection.TDE_STATUS_INVALID);
        }
        if (instance.isTdeEnabled()) {
            return false;
        }
        String encryptionName = command.encryptionName() == null || command.encryptionName().isBlank()
                ? ModifyTdeCommand.DEFAULT_ENCRYPTION_NAME
                : command.encryptionName();
        instance.enableTde(encryptionName, command.encryptionKey(), command.roleArn(),
                now.plus(config.taskDuration()));
        return true;
    }

    /** Alibaba's RequestId shape: an upper-case UUID. */
    static String newRequestId() {
        return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    }

    /** Ends the checks early with the service's answer; caught within the transaction, so it commits. */
    private static final class Rejected extends Exception {
        final SimulatedRejection reason;

        Rejected(SimulatedRejection reason) {
            super(reason.code, null, false, false);
            this.reason = reason;
        }
    }
}
