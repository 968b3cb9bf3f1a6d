package io.tdeguard.approval;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.tdeguard.api.ApiException;

/**
 * Approval records and their life: Pending → Approved (enough approvers other than the requester) → Reserved (by
 * the intent of one call) → Consumed (the call succeeded), or back to Approved when the call definitely did not
 * happen. Rejected ends it, and so do Revoked and Cancelled before it is used; past its expiry an unused approval is
 * Expired. Every change is atomic in the database.
 */
@ApplicationScoped
public class Approvals {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final EntityManager entityManager;
    private final Clock clock;

    Approvals(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Approval create(BoundChange change, String requester, String reason, Duration ttl, int requiredApprovals) {
        Approval approval = new Approval();
        approval.approvalId = "apv-" + HexFormat.of().formatHex(randomBytes());
        approval.action = change.action();
        approval.resourceArn = change.resourceArn();
        approval.parameters = change.canonicalParameters();
        approval.bindingHash = change.bindingHash();
        approval.reason = reason;
        approval.requester = requester;
        approval.status = Approval.PENDING;
        approval.requiredApprovals = requiredApprovals;
        approval.createdAt = clock.instant();
        approval.expiresAt = approval.createdAt.plus(ttl);
        approval.persist();
        return approval;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /**
     * The approval, locked for a decision and read again under the lock: an entity this transaction loaded before
     * (to authorize the call) may be stale, and a decision on a stale status could bring back a revoked approval.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Approval lockForDecision(String approvalId) {
        Approval approval = entityManager.find(Approval.class, approvalId);
        if (approval == null) {
            throw notFound(approvalId);
        }
        entityManager.refresh(approval, LockModeType.PESSIMISTIC_WRITE);
        return approval;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Approval find(String approvalId) {
        Approval approval = Approval.findById(approvalId);
        if (approval == null) {
            throw notFound(approvalId);
        }
        return approval;
    }

    /** Records one approver's decision on a locked approval and moves its status. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Approval decide(Approval approval, String approver, String decision, String comment) {
        Instant now = clock.instant();
        String status = approval.statusAt(now);
        if (!Approval.PENDING.equals(status)) {
            throw new ApiException("IncorrectApprovalStatus", 400, "approval \"" + approval.approvalId + "\" is "
                    + status + ": only a Pending approval can be decided");
        }
        if (approval.requester.equals(approver)) {
            throw new ApiException("Forbidden.SelfApproval", 403, "user \"" + approver
                    + "\" requested approval \"" + approval.approvalId + "\" and cannot decide it");
        }
        if (ApprovalDecision.findById(new ApprovalDecision.Key(approval.approvalId, approver)) != null) {
            throw new ApiException("Approval.AlreadyDecided", 400, "user \"" + approver
                    + "\" has already decided approval \"" + approval.approvalId + "\"");
        }
        ApprovalDecision record = new ApprovalDecision();
        record.key = new ApprovalDecision.Key(approval.approvalId, approver);
        record.decision = decision;
        record.comment = comment;
        record.decidedAt = now;
        record.persist();
        if (ApprovalDecision.REJECT.equals(decision)) {
            approval.status = Approval.REJECTED;
        } else if (ApprovalDecision.count("key.approvalId = ?1 AND decision = ?2", approval.approvalId,
                ApprovalDecision.APPROVE) >= approval.requiredApprovals) {
            approval.status = Approval.APPROVED;
        }
        return approval;
    }

    /**
     * Ends a Pending or Approved approval that no call holds, as Revoked or Cancelled: from then on no call can reserve
     * it. A Reserved approval (a call holds it, or its outcome is in doubt) or a finished one cannot be ended.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Approval end(Approval approval, String endStatus, String by, String comment) {
        String status = approval.statusAt(clock.instant());
        if (Approval.RESERVED.equals(status)) {
            throw new ApiException("IncorrectApprovalStatus", 400, "approval \"" + approval.approvalId
                    + "\" is held by a call in flight (Reserved): it cannot be " + endStatus.toLowerCase(Locale.ROOT)
                    + " while the change may be happening");
        }
        if (!Approval.PENDING.equals(status) && !Approval.APPROVED.equals(status)) {
            throw new ApiException("IncorrectApprovalStatus", 400, "approval \"" + approval.approvalId + "\" is "
                    + status + ": only a Pending or Approved approval can be " + endStatus.toLowerCase(Locale.ROOT));
        }
        approval.status = endStatus;
        approval.endedBy = by;
        approval.endedAt = clock.instant();
        approval.endComment = comment;
        return approval;
    }

    /** The approval, or empty when there is none of that id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Approval> findOptional(String approvalId) {
        return Optional.ofNullable(Approval.findById(approvalId));
    }

    public List<ApprovalDecision> decisionsOf(String approvalId) {
        return ApprovalDecision.of(approvalId);
    }

    /**
     * Reserves an approved, unexpired, unused approval that this requester asked for, bound to exactly this change,
     * for one call: nobody else can carry out what was approved for the requester, the approver included. Concurrent
     * callers never get the same one: the row is taken with SKIP LOCKED and moved to Reserved in one statement.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<String> reserve(BoundChange change, String requester, String requestId) {
        @SuppressWarnings("unchecked")
        List<String> reserved = entityManager.createNativeQuery("""
                UPDATE approval SET status = 'Reserved', reserved_by = ?2, reserved_at = ?3
                WHERE approval_id = (
                    SELECT approval_id FROM approval
                    WHERE binding_hash = ?1 AND requester = ?4 AND status = 'Approved' AND expires_at > ?3
                    ORDER BY expires_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING approval_id
                """).setParameter(1, change.bindingHash()).setParameter(2, requestId).setParameter(3, clock.instant())
                .setParameter(4, requester)
                .getResultList();
        return reserved.stream().findFirst();
    }

    /** The call happened: the approval is spent. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void consume(String approvalId) {
        entityManager.createNativeQuery(
                "UPDATE approval SET status = 'Consumed', consumed_at = ?2 WHERE approval_id = ?1 AND status = 'Reserved'")
                .setParameter(1, approvalId).setParameter(2, clock.instant()).executeUpdate();
    }

    /**
     * A change a reconciler took for not having happened (and whose approval it released) answered that it did: the
     * approval is spent after all, so that it cannot carry out a second change.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void consumeAfterRelease(String approvalId) {
        entityManager.createNativeQuery("UPDATE approval SET status = 'Consumed', consumed_at = ?2 "
                + "WHERE approval_id = ?1 AND status IN ('Approved', 'Reserved')")
                .setParameter(1, approvalId).setParameter(2, clock.instant()).executeUpdate();
    }

    /** The call definitely did not happen: the approval may be used again while it is unexpired. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void release(String approvalId) {
        entityManager.createNativeQuery(
                "UPDATE approval SET status = 'Approved', reserved_by = NULL, reserved_at = NULL WHERE approval_id = ?1 AND status = 'Reserved'")
                .setParameter(1, approvalId).executeUpdate();
    }

    /** Why none of the requester's approvals matched, for the caller's error message; others' stay unmentioned. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String whyNoneMatches(BoundChange change, String requester) {
        Instant now = clock.instant();
        List<Approval> bound = Approval.list("bindingHash = ?1 AND requester = ?2", change.bindingHash(), requester);
        if (bound.isEmpty()) {
            return "you have no approval bound to this change (" + change.action() + " on " + change.resourceArn()
                    + " with " + change.canonicalParameters() + ")";
        }
        StringBuilder states = new StringBuilder();
        for (Approval approval : bound) {
            states.append(states.isEmpty() ? "" : ", ").append(approval.approvalId).append(' ').append(approval.statusAt(now));
        }
        return "your approvals bound to this change are not usable: " + states;
    }

    private static ApiException notFound(String approvalId) {
        return new ApiException("InvalidApprovalId.NotFound", 404, "approval \"" + approvalId + "\" does not exist");
    }
}
