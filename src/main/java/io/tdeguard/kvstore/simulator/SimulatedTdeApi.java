package io.tdeguard.kvstore.simulator;

import static jakarta.transaction.Transactional.TxType.REQUIRES_NEW;

import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.quarkus.arc.lookup.LookupIfProperty;
import io.tdeguard.kvstore.InstanceIds;
import io.tdeguard.kvstore.ModifyTdeCommand;
import io.tdeguard.kvstore.ModifyTdeResult;
import io.tdeguard.kvstore.TdeApi;
import io.tdeguard.kvstore.TdeApiException;
import io.tdeguard.kvstore.TdeBackend;
import io.tdeguard.kvstore.TdeStatus;
import io.tdeguard.kvstore.TdeStatusResult;

/**
 * Plays the ApsaraDB for Redis service for {@code tdeguard.tde.backend=simulator}, with the state of each instance
 * in PostgreSQL ({@code sim_instance}) and every ModifyInstanceTDE call in a log ({@code sim_tde_call}).
 *
 * <p>Like a remote service, each call runs in its own transaction, whatever the caller's, and holds the
 * instance's row lock, so calls for one instance are served one at a time. ModifyInstanceTDE checks, in order:
 * the id is well formed, the instance exists (in the given region, if one is given), no modification task is
 * running, the engine supports TDE, TDEStatus is {@code Enabled}. Then either TDE is already on (success,
 * nothing changes) or it is turned on and a task of {@code tdeguard.simulator.task-duration} starts. TDE is on
 * from the moment the call is accepted; it is never turned off.
 */
@ApplicationScoped
@TdeBackend
@LookupIfProperty(name = TdeBackend.PROPERTY, stringValue = "simulator", lookupIfMissing = true)
public class SimulatedTdeApi implements TdeApi {

    static final String DEFAULT_ENCRYPTION_NAME = "AES-CTR-256";

    @Inject
    SimulatorConfig config;

    @Inject
    @SimulatorClock
    Clock clock;

    /**
     * Rejected calls commit too (TdeApiException is not a rollback cause): the call log keeps them, and a lost
     * response leaves the change applied, as at the real service.
     */
    @Override
    @Transactional(value = REQUIRES_NEW, dontRollbackOn = TdeApiException.class)
    public ModifyTdeResult modifyInstanceTde(ModifyTdeCommand command) throws TdeApiException {
        Instant now = clock.instant();
        SimTdeCall call = SimTdeCall.received(command, newRequestId(), now);
        InjectedFault fault = null;
        SimulatedRejection rejection = null;
        try {
            SimInstance instance = lookUp(command.regionId(), command.instanceId(), LockModeType.PESSIMISTIC_WRITE);
            fault = instance.takeNextCallFault();
            if (fault == InjectedFault.REQUEST_LOST) {
                throw timedOut(fault);
            }
            call.accept(enable(instance, command, now));
        } catch (Rejected rejected) {
            rejection = rejected.reason;
            call.reject(rejection);
        }
        call.responseLost = fault == InjectedFault.RESPONSE_LOST;
        call.persist();
        if (call.responseLost) {
            throw timedOut(fault);
        }
        if (rejection != null) {
            throw rejection.toException(call.backendRequestId);
        }
        return new ModifyTdeResult(call.backendRequestId);
    }

    @Override
    @Transactional(REQUIRES_NEW)
    public TdeStatusResult describeInstanceTdeStatus(String regionId, String instanceId) throws TdeApiException {
        String requestId = newRequestId();
        try {
            return new TdeStatusResult(requestId, lookUp(regionId, instanceId, LockModeType.NONE).tdeStatus);
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
                ? DEFAULT_ENCRYPTION_NAME
                : command.encryptionName();
        instance.enableTde(encryptionName, command.encryptionKey(), command.roleArn(),
                now.plus(config.taskDuration()));
        return true;
    }

    private static TdeApiException timedOut(InjectedFault fault) {
        return TdeApiException.timedOut("no response to ModifyInstanceTDE within the read timeout (simulated "
                + fault + ")", new SocketTimeoutException("Read timed out"));
    }

    /** Alibaba's RequestId shape: an upper-case UUID. */
    private static String newRequestId() {
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
