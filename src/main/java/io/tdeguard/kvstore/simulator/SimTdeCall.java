package io.tdeguard.kvstore.simulator;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.tdeguard.kvstore.ModifyTdeCommand;

/** One ModifyInstanceTDE call the simulated service received, with its parameters as sent and its answer. */
@Entity
@Table(name = "sim_tde_call")
class SimTdeCall extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "backend_request_id", nullable = false)
    public String backendRequestId;

    @Column(name = "instance_id")
    public String instanceId;

    @Column(name = "region_id")
    public String regionId;

    @Column(name = "tde_status")
    public String tdeStatus;

    @Column(name = "encryption_name")
    public String encryptionName;

    @Column(name = "encryption_key")
    public String encryptionKey;

    @Column(name = "role_arn")
    public String roleArn;

    @Column(name = "accepted", nullable = false)
    public boolean accepted;

    /** Whether this call turned TDE on; false for a repeated enable and for every rejection. */
    @Column(name = "changed", nullable = false)
    public boolean changed;

    /** The Alibaba error code answered; null when accepted. */
    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "response_lost", nullable = false)
    public boolean responseLost;

    static SimTdeCall received(ModifyTdeCommand command, String backendRequestId, Instant receivedAt) {
        SimTdeCall call = new SimTdeCall();
        call.receivedAt = receivedAt;
        call.backendRequestId = backendRequestId;
        call.instanceId = command.instanceId();
        call.regionId = command.regionId();
        call.tdeStatus = command.tdeStatus();
        call.encryptionName = command.encryptionName();
        call.encryptionKey = command.encryptionKey();
        call.roleArn = command.roleArn();
        return call;
    }

    void accept(boolean changed) {
        this.accepted = true;
        this.changed = changed;
    }

    void reject(SimulatedRejection rejection) {
        this.accepted = false;
        this.changed = false;
        this.errorCode = rejection.code;
    }

    RecordedCall recorded() {
        return new RecordedCall(id, receivedAt, backendRequestId, instanceId, regionId, tdeStatus, encryptionName,
                encryptionKey, roleArn, accepted, changed, errorCode, responseLost);
    }
}
