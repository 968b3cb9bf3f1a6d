package io.tdeguard.application.audit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tdeguard.api.ApiException;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.application.Invocations;
import io.tdeguard.application.StrictInput;
import io.tdeguard.audit.AuditKeys;
import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.audit.LogSequencer;
import io.tdeguard.audit.LogStore;
import io.tdeguard.audit.chain.CheckpointKeys;
import io.tdeguard.audit.tlog.VerifierKey;
import io.tdeguard.config.StartupCommand;
import io.tdeguard.config.TdeGuardConfig;

/**
 * Sequencing and checkpoints of the audit log: the sequencer runs every {@code tdeguard.audit.sequencer.every}
 * while events wait, and on demand (CreateAuditCheckpoint), each batch leaving a signed C2SP checkpoint; the keys
 * that verify checkpoints are published (DescribeAuditPublicKey).
 */
@ApplicationScoped
public class AuditCheckpoints {

    public static final String SERVICE = "tdeguard";
    private static final Logger LOG = Logger.getLogger(AuditCheckpoints.class);

    private final Invocations invocations;
    private final LogSequencer sequencer;
    private final LogStore store;
    private final AuditKeys keys;
    private final TdeGuardConfig config;
    private ScheduledExecutorService timer;

    AuditCheckpoints(Invocations invocations, LogSequencer sequencer, LogStore store, AuditKeys keys,
            TdeGuardConfig config) {
        this.invocations = invocations;
        this.sequencer = sequencer;
        this.store = store;
        this.keys = keys;
        this.config = config;
    }

    public record Created(String requestId, long treeSize, String rootHash, String checkpoint) {
    }

    public record PublicKeyView(String requestId, String keyId, String algorithm, String publicKey, String publicKeyPem,
            String noteVerifierKey, String origin, List<String> retiredNoteVerifierKeys) {
    }

    /** The trail's resource in RAM: every audit function is checked against it. */
    public static String trailArn(TdeGuardConfig config) {
        return "acs:tdeguard::" + config.accountId() + ":trail/default";
    }

    /** CreateAuditCheckpoint: integrates every waiting event now and answers the newest signed checkpoint. */
    public Created create(RequestFacts request, Map<String, Object> members) {
        return invocations.run(request, SERVICE, EventRW.Write, members, StrictInput.None.class, (invocation, none) -> {
            String resource = trailArn(config);
            invocation.resource(resource);
            invocations.authorize(invocation, "tdeguard:CreateAuditCheckpoint", resource, Map.of());
            sequencer.integrateAll();
            LogStore.TreeHead head = store.latestHead().orElseThrow(() -> new ApiException(
                    "IncorrectAuditTrailStatus", 400, "the audit log has no event yet, so there is no checkpoint"));
            String root = java.util.Base64.getEncoder().encodeToString(head.rootHash());
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("TreeSize", head.treeSize());
            response.put("RootHash", root);
            invocation.response(response);
            return new Created(invocation.requestId(), head.treeSize(), root, head.note());
        });
    }

    /** DescribeAuditPublicKey: what an auditor verifies checkpoints with. */
    public PublicKeyView describePublicKey(RequestFacts request, Map<String, Object> members) {
        return invocations.run(request, SERVICE, EventRW.Read, members, StrictInput.None.class, (invocation, none) -> {
            String resource = trailArn(config);
            invocation.resource(resource);
            invocations.authorize(invocation, "tdeguard:DescribeAuditPublicKey", resource, Map.of());
            CheckpointKeys.SigningKey key = keys.signingKey();
            invocation.response(Map.of("KeyId", key.keyId()));
            List<VerifierKey> trusted = keys.trustedNoteKeys();
            return new PublicKeyView(invocation.requestId(), key.keyId(), CheckpointKeys.ALGORITHM,
                    CheckpointKeys.base64(key.publicKey()), CheckpointKeys.pem(key.publicKey()),
                    trusted.get(0).format(), keys.origin(),
                    trusted.subList(1, trusted.size()).stream().map(VerifierKey::format).toList());
        });
    }

    /**
     * Starts the periodic sequencer at a fixed rate of {@code tdeguard.audit.sequencer.every} (one run at a time; a
     * run that overruns delays the next). The period is an ISO-8601 duration ({@code PT0.5S}) or, as {@code @Scheduled}
     * takes it, one without the {@code PT} prefix ({@code 0.5S}). Its own timer thread rather than {@code @Scheduled}: Quarkus's simple
     * scheduler checks its triggers once a second, so it cannot keep a period under one second.
     */
    void startTimer(@Observes StartupEvent start) {
        String every = config.audit().sequencer().every();
        if (StartupCommand.migrating() || every.equalsIgnoreCase("off")) {
            return;
        }
        long period = Duration.parse(Character.isDigit(every.charAt(0)) ? "PT" + every : every).toNanos();
        if (period <= 0) {
            throw new IllegalStateException("tdeguard.audit.sequencer.every (" + every + ") must be a positive duration "
                    + "or off");
        }
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "audit-sequencer");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::periodically, period, period, TimeUnit.NANOSECONDS);
    }

    void stopTimer(@Observes ShutdownEvent stop) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** One periodic run; a failure is logged and the next period tries again. */
    private void periodically() {
        try {
            sequencer.integrateAll();
        } catch (RuntimeException e) {
            LOG.errorf(e, "the audit sequencer failed; the next period tries again");
        }
    }
}
