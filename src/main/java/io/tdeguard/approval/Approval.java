package io.tdeguard.approval;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "approval")
public class Approval extends PanacheEntityBase {

    public static final String PENDING = "Pending";
    public static final String APPROVED = "Approved";
    public static final String REJECTED = "Rejected";
    public static final String RESERVED = "Reserved";
    public static final String CONSUMED = "Consumed";
    public static final String REVOKED = "Revoked";
    public static final String CANCELLED = "Cancelled";
    /** Not stored: a Pending or Approved approval past its expiry is shown as Expired. */
    public static final String EXPIRED = "Expired";

    @Id
    @Column(name = "approval_id")
    public String approvalId;

    @Column(nullable = false)
    public String action;

    @Column(name = "resource_arn", nullable = false)
    public String resourceArn;

    /** Canonical JSON of the bound parameters. */
    @Column(nullable = false)
    public String parameters;

    @Column(name = "binding_hash", nullable = false)
    public String bindingHash;

    @Column(nullable = false)
    public String reason;

    @Column(nullable = false)
    public String requester;

    @Column(nullable = false)
    public String status;

    @Column(name = "required_approvals", nullable = false)
    public int requiredApprovals;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "reserved_by")
    public String reservedBy;

    @Column(name = "reserved_at")
    public Instant reservedAt;

    @Column(name = "consumed_at")
    public Instant consumedAt;

    /** Who revoked or cancelled it; null while it was neither. */
    @Column(name = "ended_by")
    public String endedBy;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "end_comment")
    public String endComment;

    public String statusAt(Instant now) {
        boolean open = PENDING.equals(status) || APPROVED.equals(status);
        return open && !now.isBefore(expiresAt) ? EXPIRED : status;
    }
}
