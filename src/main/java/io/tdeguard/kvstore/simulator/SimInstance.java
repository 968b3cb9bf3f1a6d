package io.tdeguard.kvstore.simulator;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.tdeguard.kvstore.TdeStatus;

/** An instance as the simulated service knows it. */
@Entity
@Table(name = "sim_instance")
class SimInstance extends PanacheEntityBase {

    @Id
    @Column(name = "instance_id")
    public String instanceId;

    @Column(name = "region_id", nullable = false)
    public String regionId;

    @Column(name = "engine_version", nullable = false)
    public String engineVersion;

    @Column(name = "supports_tde", nullable = false)
    public boolean supportsTde;

    @Column(name = "tde_status", nullable = false)
    public String tdeStatus = TdeStatus.DISABLED;

    @Column(name = "encryption_name")
    public String encryptionName;

    /** Null while TDE is off, and when TDE uses a service-managed key. */
    @Column(name = "encryption_key_id")
    public String encryptionKeyId;

    @Column(name = "role_arn")
    public String roleArn;

    /** When the last modification task ends (or ended); null if there never was one. */
    @Column(name = "task_ends_at")
    public Instant taskEndsAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "next_call_fault")
    public InjectedFault nextCallFault;

    boolean isTdeEnabled() {
        return TdeStatus.ENABLED.equals(tdeStatus);
    }

    boolean hasTaskRunningAt(Instant now) {
        return taskEndsAt != null && now.isBefore(taskEndsAt);
    }

    /** Returns the fault injected into the next call, if any, and clears it: a fault hits one call only. */
    InjectedFault takeNextCallFault() {
        InjectedFault fault = nextCallFault;
        nextCallFault = null;
        return fault;
    }

    void enableTde(String encryptionName, String encryptionKeyId, String roleArn, Instant taskEndsAt) {
        this.tdeStatus = TdeStatus.ENABLED;
        this.encryptionName = encryptionName;
        this.encryptionKeyId = encryptionKeyId;
        this.roleArn = roleArn;
        this.taskEndsAt = taskEndsAt;
    }

    InstanceState state() {
        return new InstanceState(instanceId, regionId, engineVersion, supportsTde, tdeStatus, encryptionName,
                encryptionKeyId, roleArn, taskEndsAt);
    }
}
