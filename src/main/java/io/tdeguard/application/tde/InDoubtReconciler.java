package io.tdeguard.application.tde;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.application.Invocations;
import io.tdeguard.application.StrictInput;
import io.tdeguard.application.audit.AuditCheckpoints;
import io.tdeguard.approval.Approvals;
import io.tdeguard.audit.AppendedEvent;
import io.tdeguard.audit.AuditRecord;
import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.audit.AuditRecord.Outcome;
import io.tdeguard.audit.AuditRecord.Phase;
import io.tdeguard.audit.AuditTrail;
import io.tdeguard.audit.UserIdentity;
import io.tdeguard.config.TdeGuardConfig;
import io.tdeguard.kvstore.InstanceAttribute;
import io.tdeguard.kvstore.TdeApi;
import io.tdeguard.kvstore.TdeApiException;
import io.tdeguard.kvstore.TdeStatus;
import io.tdeguard.kvstore.TdeStatusResult;

/**
 * Resolves in-doubt TDE changes: an intent with no definite outcome (none, or only {@code InDoubt} after a
 * timeout or a crash) older than {@code tdeguard.audit.reconcile.after} is settled by asking the backend for the
 * instance's TDE status. {@code Enabled}: the change happened — outcome {@code Succeeded}, the approval consumed.
 * {@code Disabled}: it did not — outcome {@code Failed}, the approval released. A backend error leaves the intent
 * for the next run. The resolution is a new outcome event (nothing is rewritten) whose caller is the system
 * identity {@code tdeguard-reconciler}, under the original RequestId.
 *
 * <p>Runs every {@code tdeguard.audit.reconcile.every} in each function instance, and on demand
 * (ReconcileInDoubtChanges). Reconcilers may race, in one instance or many: the outcome is written under the
 * intent's outcome lock ({@code AuditTrail.lockOutcomesOf}) after checking again that none exists, so each intent is
 * resolved once.
 */
@ApplicationScoped
public class InDoubtReconciler {

    /** Intents settled in one run, oldest first; the rest wait for the next. */
    static final int BATCH = 100;
    /** The longest wait between two tries of an intent the backend could not settle. */
    static final Duration MAX_BACKOFF = Duration.ofHours(6);
    private static final String NORMAL = "Normal";
    private static final Logger LOG = Logger.getLogger(InDoubtReconciler.class);
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final Invocations invocations;
    private final EntityManager entityManager;
    private final AuditTrail trail;
    private final Approvals approvals;
    private final TdeApi tdeApi;
    private final ObjectMapper json;
    private final TdeGuardConfig config;
    private final Clock clock;

    InDoubtReconciler(Invocations invocations, EntityManager entityManager,
            AuditTrail trail, Approvals approvals, TdeApi tdeApi, ObjectMapper json, TdeGuardConfig config, Clock clock) {
        this.invocations = invocations;
        this.entityManager = entityManager;
        this.trail = trail;
        this.approvals = approvals;
        this.tdeApi = tdeApi;
        this.json = json;
        this.config = config;
        this.clock = clock;
    }

    /**
     * What became of one intent.
     *
     * @param outcome   Succeeded or Failed when resolved now; Unresolved when the backend could not tell;
     *                  AlreadyResolved when another reconciler was first
     */
    public record Resolution(String intentEventId, String originalRequestId, String instanceId, String approvalId,
            String outcome, @JsonProperty("TDEStatus") String tdeStatus, String outcomeEventId, String detail) {
    }

    public record Result(String requestId, List<Resolution> resolutions) {
    }

    /** An intent without a definite outcome, as stored. */
    record OpenIntent(String eventId, String requestId, String eventName, String instanceId, String approvalId,
            Map<String, Object> body) {
    }

    /** ReconcileInDoubtChanges: a run now, by a caller allowed tdeguard:ReconcileInDoubtChanges. */
    public Result reconcileNow(RequestFacts request, Map<String, Object> members) {
        return invocations.runOutsideTransaction(request, AuditCheckpoints.SERVICE, EventRW.Write, members,
                StrictInput.None.class, (invocation, none) -> {
            String resource = AuditCheckpoints.trailArn(config);
            invocation.resource(resource);
            invocations.authorize(invocation, "tdeguard:ReconcileInDoubtChanges", resource, Map.of());
            List<Resolution> resolutions = reconcile("ReconcileInDoubtChanges request " + invocation.requestId()
                    + " by " + invocation.caller().userName());
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("Resolved", resolutions.stream()
                    .filter(r -> r.outcome().equals("Succeeded") || r.outcome().equals("Failed")).count());
            response.put("Unresolved", resolutions.stream().filter(r -> r.outcome().equals("Unresolved")).count());
            invocation.response(response);
            return new Result(invocation.requestId(), resolutions);
        });
    }

    /**
     * {@code tdeguard.audit.reconcile.after} must exceed the longest a change can run ({@link TdeApi#longestChange()}):
     * otherwise a reconciler could take a change that is still under way for one that did not happen.
     */
    void checkAtStartup(@Observes StartupEvent start) {
        Duration after = config.audit().reconcile().after();
        Duration longest = tdeApi.longestChange();
        if (after.compareTo(longest) <= 0) {
            throw new IllegalStateException("tdeguard.audit.reconcile.after (" + after + ") must exceed " + longest
                    + ", the longest a ModifyInstanceTDE can run with the configured timeouts, retries and pre-checks "
                    + "(tdeguard.openapi.connect-timeout, .read-timeout, .retry.*): raise it, or shorten those");
        }
    }

    @Scheduled(identity = "reconcile-in-doubt", every = "${tdeguard.audit.reconcile.every}", delayed = "20s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodically() {
        try {
            for (Resolution resolution : reconcile("schedule")) {
                LOG.infof("in-doubt change of request %s on %s: %s (%s)", resolution.originalRequestId(),
                        resolution.instanceId(), resolution.outcome(), resolution.detail());
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "the reconciliation of in-doubt changes failed; the next run tries again");
        }
    }

    /** One run: each open intent old enough is asked about and, if the backend answers, resolved. */
    public List<Resolution> reconcile(String triggeredBy) {
        Instant cutoff = clock.instant().minus(config.audit().reconcile().after());
        List<Resolution> resolutions = new ArrayList<>();
        for (OpenIntent intent : QuarkusTransaction.requiringNew().call(() -> openIntents(cutoff))) {
            resolutions.add(resolve(intent, triggeredBy));
        }
        return resolutions;
    }

    /**
     * {@code Enabled} proves the change happened. {@code Disabled} proves it did not only once the call cannot be
     * running any more (the intent is older than {@code reconcile.after}, which the start checks exceeds the longest a
     * change can run) and no modification task of the instance is under way; until then the intent stays in doubt.
     */
    private Resolution resolve(OpenIntent intent, String triggeredBy) {
        String region = (String) intent.body().get("acsRegion");
        TdeStatusResult status;
        try {
            status = tdeApi.describeInstanceTdeStatus(region, intent.instanceId());
            if (!TdeStatus.ENABLED.equals(status.tdeStatus())) {
                InstanceAttribute attribute = tdeApi.describeInstanceAttribute(region, intent.instanceId());
                if (!NORMAL.equals(attribute.instanceStatus())) {
                    return unresolved(intent, status.tdeStatus(), "TDE is " + status.tdeStatus() + " but the instance "
                            + "is " + attribute.instanceStatus() + ": a modification task may still enable it");
                }
                // The instance is idle now; a task that ended between the two reads shows its result in a new one.
                status = tdeApi.describeInstanceTdeStatus(region, intent.instanceId());
            }
        } catch (TdeApiException e) {
            // The backend's own words stay in the log: a caller of ReconcileInDoubtChanges learns its code only.
            LOG.warnf("reconciling request %s: the backend answered %s: %s", intent.requestId(), e.code(), e.getMessage());
            return unresolved(intent, null, "the backend answered " + e.code());
        }
        TdeStatusResult settled = status;
        boolean happened = TdeStatus.ENABLED.equals(settled.tdeStatus());
        Outcome outcome = happened ? Outcome.Succeeded : Outcome.Failed;
        Optional<AppendedEvent> appended = QuarkusTransaction.requiringNew().call(() -> {
            trail.lockOutcomesOf(intent.eventId());
            if (trail.definiteOutcome(intent.eventId()).isPresent()) {
                return Optional.<AppendedEvent>empty();
            }
            if (intent.approvalId() != null) {
                if (happened) {
                    approvals.consume(intent.approvalId());
                } else {
                    approvals.release(intent.approvalId());
                }
            }
            return Optional.of(trail.append(outcomeRecord(intent, outcome, settled, triggeredBy)));
        });
        if (appended.isEmpty()) {
            return new Resolution(intent.eventId(), intent.requestId(), intent.instanceId(), intent.approvalId(),
                    "AlreadyResolved", status.tdeStatus(), null, "another reconciler recorded the outcome first");
        }
        return new Resolution(intent.eventId(), intent.requestId(), intent.instanceId(), intent.approvalId(),
                outcome.name(), status.tdeStatus(), appended.get().eventId(), happened
                        ? "TDE is Enabled: the change happened, the approval is consumed"
                        : "TDE is Disabled: the change did not happen, the approval is released");
    }

    /** An intent left in doubt waits before its next try: twice as long after each, up to {@link #MAX_BACKOFF}. */
    private Resolution unresolved(OpenIntent intent, String tdeStatus, String reason) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                INSERT INTO reconcile_attempt AS a (intent_event_id, attempts, next_attempt_at, last_reason)
                VALUES (CAST(?1 AS uuid), 1, ?2, ?4)
                ON CONFLICT (intent_event_id) DO UPDATE SET attempts = a.attempts + 1, last_reason = ?4,
                    next_attempt_at = CAST(?3 AS timestamptz) + LEAST(?5 * power(2, a.attempts), ?6) * interval '1 second'""")
                .setParameter(1, intent.eventId())
                .setParameter(2, clock.instant().plus(firstBackoff()))
                .setParameter(3, clock.instant())
                .setParameter(4, reason)
                .setParameter(5, (double) firstBackoff().toSeconds())
                .setParameter(6, (double) MAX_BACKOFF.toSeconds())
                .executeUpdate());
        return new Resolution(intent.eventId(), intent.requestId(), intent.instanceId(), intent.approvalId(),
                "Unresolved", tdeStatus, null, reason);
    }

    private Duration firstBackoff() {
        Duration after = config.audit().reconcile().after();
        return after.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : after;
    }

    /**
     * The oldest intents without a definite outcome whose next try is due, those never tried first, so that intents
     * the backend cannot settle never hold back newer ones.
     */
    private List<OpenIntent> openIntents(Instant cutoff) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT CAST(i.event_id AS text), i.request_id, i.event_name, i.instance_id, i.approval_id, i.body
                FROM audit_event i LEFT JOIN reconcile_attempt a ON a.intent_event_id = i.event_id
                WHERE i.phase = 'intent' AND i.event_time < ?1
                  AND (a.next_attempt_at IS NULL OR a.next_attempt_at <= ?3)
                  AND NOT EXISTS (SELECT 1 FROM audit_event o
                                  WHERE o.intent_event_id = i.event_id AND o.outcome IN ('Succeeded', 'Failed'))
                ORDER BY COALESCE(a.attempts, 0), i.event_time, i.event_id LIMIT ?2""")
                .setParameter(1, cutoff).setParameter(2, BATCH).setParameter(3, clock.instant()).getResultList();
        List<OpenIntent> intents = new ArrayList<>();
        for (Object[] row : rows) {
            intents.add(new OpenIntent((String) row[0], (String) row[1], (String) row[2], (String) row[3],
                    (String) row[4], parse((String) row[5])));
        }
        return intents;
    }

    @SuppressWarnings("unchecked")
    private AuditRecord outcomeRecord(OpenIntent intent, Outcome outcome, TdeStatusResult status, String triggeredBy) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("IntentEventId", intent.eventId());
        parameters.put("TriggeredBy", triggeredBy);
        parameters.put("ReconcileAfter", config.audit().reconcile().after().toString());
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("TDEStatus", status.tdeStatus());
        response.put("BackendRequestId", status.backendRequestId());
        RequestFacts facts = new RequestFacts(intent.requestId(), intent.eventName(), null, null, "", Map.of(),
                new byte[0], null, false, UserIdentity.RECONCILER, clock.instant());
        boolean failed = outcome == Outcome.Failed;
        return new AuditRecord(intent.eventName(), ModifyInstanceTde.SERVICE, EventRW.Write, Phase.outcome, outcome,
                facts, UserIdentity.system(UserIdentity.RECONCILER, config.accountId()),
                (String) intent.body().get("resourceName"), intent.instanceId(),
                (String) intent.body().get("acsRegion"), parameters, response,
                failed ? "Reconciled.TdeNotEnabled" : null,
                failed ? "reconciliation found TDE Disabled on the instance: the change did not happen" : null,
                null, List.of(), intent.approvalId(), intent.eventId());
    }

    private Map<String, Object> parse(String body) {
        try {
            return json.readValue(body, JSON_OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored audit event is not JSON", e);
        }
    }
}
