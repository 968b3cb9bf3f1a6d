package io.tdeguard.application.audit;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.tdeguard.api.ApiException;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.application.Invocations;
import io.tdeguard.audit.AppendedEvent;
import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.audit.AuditRows;
import io.tdeguard.audit.AuditTrail;
import io.tdeguard.audit.chain.ChainHash;
import io.tdeguard.audit.chain.ChainVerifier;
import io.tdeguard.audit.chain.Checkpoint;
import io.tdeguard.audit.chain.CheckpointKeys;
import io.tdeguard.audit.chain.VerificationResult;
import io.tdeguard.config.TdeGuardConfig;

/**
 * Signs the chain head with the function's Ed25519 key and stores the checkpoint (append-only, like the events):
 * periodically when the head moved ({@code tdeguard.audit.checkpoint.every}), and on demand (CreateAuditCheckpoint).
 * Publishes the public key (DescribeAuditPublicKey). The head is read and the checkpoint stored under the append
 * lock, so a checkpoint never signs a seq that a concurrent append could still change, and several function
 * instances on one schedule make one checkpoint per head.
 */
@ApplicationScoped
public class AuditCheckpoints {

    public static final String SERVICE = "tdeguard";
    private static final Logger LOG = Logger.getLogger(AuditCheckpoints.class);

    private final Invocations invocations;
    private final AuditTrail trail;
    private final EntityManager entityManager;
    private final AuditRows rows;
    private final TdeGuardConfig config;
    private final Clock clock;
    private final CheckpointKeys.SigningKey key;

    AuditCheckpoints(Invocations invocations, AuditTrail trail, EntityManager entityManager,
            AuditRows rows, TdeGuardConfig config, Clock clock) {
        this.rows = rows;
        this.invocations = invocations;
        this.trail = trail;
        this.entityManager = entityManager;
        this.config = config;
        this.clock = clock;
        try {
            this.key = CheckpointKeys.signingKey(config.audit().checkpoint().privateKey());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("tdeguard.audit.checkpoint.private-key is not usable: " + e.getMessage(), e);
        }
    }

    public record Created(String requestId, long seq, String hash, String time, String keyId, String signature) {
    }

    public record PublicKeyView(String requestId, String keyId, String algorithm, String publicKey, String publicKeyPem) {
    }

    /** The trail's resource in RAM: every audit function is checked against it. */
    public static String trailArn(TdeGuardConfig config) {
        return "acs:tdeguard::" + config.accountId() + ":trail/default";
    }

    /** CreateAuditCheckpoint: signs the head now, even when an earlier checkpoint covers it (a fresher time). */
    public Created create(RequestFacts request) {
        return invocations.run(request, SERVICE, EventRW.Write, invocation -> {
            String resource = trailArn(config);
            invocation.resource(resource);
            invocations.authorize(invocation, "tdeguard:CreateAuditCheckpoint", resource, Map.of());
            Checkpoint checkpoint = checkpointHead(true).orElseThrow(() -> new ApiException(
                    "IncorrectAuditTrailStatus", 400, "the audit trail has no event yet, so there is no head to sign"));
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("Seq", checkpoint.seq());
            response.put("Hash", checkpoint.hash());
            response.put("Time", checkpoint.time());
            response.put("KeyId", checkpoint.keyId());
            response.put("Signature", checkpoint.signature());
            invocation.response(response);
            return new Created(invocation.requestId(), checkpoint.seq(), checkpoint.hash(), checkpoint.time(),
                    checkpoint.keyId(), checkpoint.signature());
        });
    }

    /** DescribeAuditPublicKey: what an auditor verifies checkpoints with. */
    public PublicKeyView describePublicKey(RequestFacts request) {
        return invocations.run(request, SERVICE, EventRW.Read, invocation -> {
            String resource = trailArn(config);
            invocation.resource(resource);
            invocations.authorize(invocation, "tdeguard:DescribeAuditPublicKey", resource, Map.of());
            invocation.response(Map.of("KeyId", key.keyId()));
            return new PublicKeyView(invocation.requestId(), key.keyId(), CheckpointKeys.ALGORITHM,
                    CheckpointKeys.base64(key.publicKey()), CheckpointKeys.pem(key.publicKey()));
        });
    }

    /** The periodic checkpoint; one failure is logged and the next period tries again. */
    @Scheduled(identity = "audit-checkpoint", every = "${tdeguard.audit.checkpoint.every}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodically() {
        try {
            QuarkusTransaction.requiringNew().call(() -> checkpointHead(false))
                    .ifPresent(checkpoint -> LOG.infof("checkpoint of the audit trail at seq %d signed by %s",
                            checkpoint.seq(), checkpoint.keyId()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "the periodic checkpoint of the audit trail failed; the next period tries again");
        }
    }

    /**
     * Signs and stores the current head. The function only signs what it verified: the events since the newest
     * checkpoint (all of them for the first) are verified from that checkpoint's hash, first without the append
     * lock, then the few appended meanwhile under it; a broken trail is refused ({@code AuditTrail.Broken}), not
     * blessed. Empty when the chain is empty, or when {@code evenIfCovered} is false and the newest checkpoint
     * already signs this head.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Checkpoint> checkpointHead(boolean evenIfCovered) {
        Optional<Checkpoint> newest = newestCheckpoint();
        Anchor verified = verifyFrom(anchorOf(newest), rows.bounds().headSeq());
        trail.lockHead();
        Optional<AppendedEvent> head = trail.head();
        if (head.isEmpty()) {
            return Optional.empty();
        }
        if (!evenIfCovered && newest.isPresent() && newest.get().seq() == head.get().seq()) {
            return Optional.empty();
        }
        verified = verifyFrom(verified, head.get().seq());
        Checkpoint checkpoint = key.sign(verified.seq(), verified.hash(), clock.instant());
        entityManager.createNativeQuery("""
                INSERT INTO audit_checkpoint (seq, hash, checkpoint_time, key_id, signature)
                VALUES (?1, ?2, CAST(?3 AS timestamptz), ?4, ?5)""")
                .setParameter(1, checkpoint.seq()).setParameter(2, checkpoint.hash()).setParameter(3, checkpoint.time())
                .setParameter(4, checkpoint.keyId()).setParameter(5, checkpoint.signature()).executeUpdate();
        return Optional.of(checkpoint);
    }

    /** A verified (seq, hash) of the chain to continue from. */
    private record Anchor(long seq, String hash) {
    }

    private Optional<Checkpoint> newestCheckpoint() {
        @SuppressWarnings("unchecked")
        List<Object[]> found = entityManager.createNativeQuery("""
                SELECT seq, hash, to_char(checkpoint_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                       key_id, signature
                FROM audit_checkpoint ORDER BY checkpoint_id DESC LIMIT 1""").getResultList();
        return found.stream().findFirst().map(row -> new Checkpoint(((Number) row[0]).longValue(), (String) row[1],
                (String) row[2], (String) row[3], (String) row[4]));
    }

    /** The newest checkpoint, if its signature is ours and the chain still has its hash at its seq. */
    private Anchor anchorOf(Optional<Checkpoint> newest) {
        if (newest.isEmpty()) {
            return new Anchor(0, ChainHash.GENESIS);
        }
        Checkpoint checkpoint = newest.get();
        if (!CheckpointKeys.verify(checkpoint, key.publicKey())) {
            throw broken(checkpoint.seq(), "the newest checkpoint's signature does not verify under this function's key");
        }
        Optional<String> stored = rows.hashAt(checkpoint.seq());
        if (stored.isEmpty()) {
            throw broken(checkpoint.seq(), "the event at seq " + checkpoint.seq() + " of the newest checkpoint is missing");
        }
        if (!stored.get().equals(checkpoint.hash())) {
            throw broken(checkpoint.seq(), "the event at seq " + checkpoint.seq()
                    + " no longer has the hash its checkpoint signed");
        }
        return new Anchor(checkpoint.seq(), checkpoint.hash());
    }

    private Anchor verifyFrom(Anchor anchor, long toSeq) {
        if (toSeq <= anchor.seq()) {
            if (toSeq < anchor.seq()) {
                throw broken(toSeq + 1, "the trail ends at seq " + toSeq + ", behind its checkpoint at seq " + anchor.seq());
            }
            return anchor;
        }
        VerificationResult result = ChainVerifier.verify(anchor.seq() + 1, anchor.hash(),
                rows.events(anchor.seq() + 1, toSeq));
        if (!result.verified()) {
            throw broken(result.firstBrokenSeq(), result.breakReason().message());
        }
        if (result.checkedEvents() != toSeq - anchor.seq()) {
            throw broken(anchor.seq() + result.checkedEvents() + 1, "events up to seq " + toSeq + " are missing");
        }
        return new Anchor(toSeq, result.headHash());
    }

    private static ApiException broken(long seq, String detail) {
        LOG.errorf("the audit trail does not verify at seq %d (%s): no checkpoint is signed; run VerifyAuditTrail", seq,
                detail);
        return new ApiException("AuditTrail.Broken", 409, "the audit trail does not verify at seq " + seq + ": " + detail
                + "; no checkpoint was signed", "run VerifyAuditTrail and investigate", Map.of());
    }

    /** The key that signs checkpoints, and the only one verification trusts. */
    public CheckpointKeys.SigningKey key() {
        return key;
    }
}
