package io.tdeguard.kvstore.simulator;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.arc.lookup.LookupIfProperty;
import io.tdeguard.kvstore.BackendCall;
import io.tdeguard.kvstore.ChangeDeadline;
import io.tdeguard.kvstore.EncryptionKeyList;
import io.tdeguard.kvstore.EncryptionKeyResult;
import io.tdeguard.kvstore.InstanceAttribute;
import io.tdeguard.kvstore.ModifyTdeCommand;
import io.tdeguard.kvstore.ModifyTdeResult;
import io.tdeguard.kvstore.ResourceAuthorization;
import io.tdeguard.kvstore.TdeApi;
import io.tdeguard.kvstore.TdeApiException;
import io.tdeguard.kvstore.TdeBackend;
import io.tdeguard.kvstore.TdeStatusResult;

/**
 * The {@code tdeguard.tde.backend=simulator} adapter: calls the {@link SimulatedService} in process, as if over
 * the network, and plays its injected faults as timeouts. ModifyInstanceTDE goes straight to the service (no
 * pre-checks): a repeated enable is a call that succeeds and changes nothing.
 */
@ApplicationScoped
@TdeBackend
@LookupIfProperty(name = TdeBackend.PROPERTY, stringValue = "simulator", lookupIfMissing = true)
public class SimulatedTdeApi implements TdeApi {

    @Inject
    SimulatedService service;

    /**
     * The simulated service answers in-process, at once (a lost answer is played as an immediate timeout); the bound
     * allows for the time between the intent's commit and the call on a loaded machine.
     */
    @Override
    public Duration longestChange() {
        return Duration.ofSeconds(1);
    }

    @Override
    public ModifyTdeResult modifyInstanceTde(ModifyTdeCommand command, ChangeDeadline deadline) throws TdeApiException {
        // The call is in-process: it ends as it starts.
        deadline.check(MODIFY_INSTANCE_TDE, Duration.ZERO);
        return send(command);
    }

    /** ModifyInstanceTDE itself, once the deadline let it be sent. */
    protected ModifyTdeResult send(ModifyTdeCommand command) throws TdeApiException {
        SimulatedService.Modification answer = service.modifyInstanceTde(command);
        if (answer.fault() != null) {
            throw TdeApiException.timedOut("no response to ModifyInstanceTDE within the read timeout (simulated "
                    + answer.fault() + ")", new SocketTimeoutException("Read timed out"));
        }
        if (answer.rejection() != null) {
            throw answer.rejection();
        }
        return new ModifyTdeResult(answer.requestId(), answer.changed(),
                List.of(new BackendCall(MODIFY_INSTANCE_TDE, answer.requestId())));
    }

    @Override
    public TdeStatusResult describeInstanceTdeStatus(String regionId, String instanceId) throws TdeApiException {
        return service.describeInstanceTdeStatus(regionId, instanceId);
    }

    @Override
    public EncryptionKeyList describeEncryptionKeyList(String regionId, String instanceId) throws TdeApiException {
        return service.describeEncryptionKeyList(regionId, instanceId);
    }

    @Override
    public EncryptionKeyResult describeEncryptionKey(String regionId, String instanceId, String encryptionKey)
            throws TdeApiException {
        return service.describeEncryptionKey(regionId, instanceId, encryptionKey);
    }

    @Override
    public ResourceAuthorization checkCloudResourceAuthorized(String regionId, String instanceId, String roleArn)
            throws TdeApiException {
        return service.checkCloudResourceAuthorized(regionId, instanceId, roleArn);
    }

    @Override
    public InstanceAttribute describeInstanceAttribute(String regionId, String instanceId) throws TdeApiException {
        return service.describeInstanceAttribute(regionId, instanceId);
    }
}
