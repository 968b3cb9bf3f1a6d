package io.tdeguard.approval;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "approval_decision")
public class ApprovalDecision extends PanacheEntityBase {

    public static final String APPROVE = "Approve";
    public static final String REJECT = "Reject";

    @EmbeddedId
    public Key key;

    @Column(nullable = false)
    public String decision;

    public String comment;

    @Column(name = "decided_at", nullable = false)
    public Instant decidedAt;

    @Embeddable
    public record Key(@Column(name = "approval_id") String approvalId, @Column(name = "approver") String approver)
            implements Serializable {
    }

    public static List<ApprovalDecision> of(String approvalId) {
        return list("key.approvalId = ?1 ORDER BY decidedAt", approvalId);
    }
}
