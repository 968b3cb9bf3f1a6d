package io.tdeguard.application.schedule;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tdeguard.api.ApiException;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.application.UnauthenticatedRefusals;
import io.tdeguard.application.audit.AuditCheckpoints;
import io.tdeguard.application.tde.InDoubtReconciler;
import io.tdeguard.audit.AuditRecord;
import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.audit.AuditRecord.Outcome;
import io.tdeguard.audit.AuditRecord.Phase;
import io.tdeguard.audit.AuditTrail;
import io.tdeguard.audit.LogSequencer;
import io.tdeguard.audit.UserIdentity;
import io.tdeguard.config.TdeGuardConfig;

/**
 * RunScheduledWork: the work the in-process schedule does elsewhere (reconciliation of in-doubt changes, the audit
 * log's scheduled work, the counts of unauthenticated refusals whose window has ended), run when Function Compute's
 * timer trigger invokes the function, because an instance there is frozen between requests and has no outbound
 * credentials outside one.
 *
 * <p>It is not signed by a RAM user: Function Compute makes the call. It is accepted only when all of these hold,
 * each checked by the entry point or here: the process runs on Function Compute (its environment, not the request);
 * the request is an event invocation ({@code POST /invoke}, and {@code x-fc-control-path}, when sent, says
 * {@code /invoke}); it carries the function role's STS credentials as Function Compute sets them, once each (Function
 * Compute refuses {@code x-fc-*} headers from callers of an HTTP trigger); and its payload names this function and
 * carries the deployment's {@code tdeguard.scheduled-work.token} (the timer trigger's payload, from the deployment's
 * secrets; compared in constant time). Every call is audited, refused or not. Reconciliation then signs its R-kvstore
 * calls with the role's credentials of this very request (credentials-source {@code auto} or {@code function-compute}).
 */
@ApplicationScoped
public class ScheduledWork {

    public static final String ACTION = "RunScheduledWork";
    /** The system identity the events of a timer-triggered run name. */
    public static final String TIMER = "function-compute-timer";
    private static final Logger LOG = Logger.getLogger(ScheduledWork.class);

    private final UnauthenticatedRefusals unauthenticated;
    private final InDoubtReconciler reconciler;
    private final LogSequencer sequencer;
    private final AuditTrail trail;
    private final TdeGuardConfig config;
    private final Optional<String> token;

    ScheduledWork(InDoubtReconciler reconciler, LogSequencer sequencer, AuditTrail trail, TdeGuardConfig config,
            UnauthenticatedRefusals unauthenticated) {
        this.unauthenticated = unauthenticated;
        this.reconciler = reconciler;
        this.sequencer = sequencer;
        this.trail = trail;
        this.config = config;
        this.token = config.scheduledWork().usableToken();
    }

    /**
     * What the entry point established about the invocation.
     *
     * @param eventInvocation  an event invocation of Function Compute (POST /invoke, not an HTTP trigger's request)
     * @param roleCredentials  the function role's STS credentials are in the request, once each
     * @param function         the payload's {@code Function}
     * @param presentedToken   the payload's {@code Token}, or null
     */
    public record TimerCall(boolean eventInvocation, boolean roleCredentials, String function, String presentedToken) {
    }

    public record Result(String requestId, long resolved, long unresolved, List<InDoubtReconciler.Resolution> resolutions,
            long treeSize) {
    }

    /**
     * Runs the scheduled work for Function Compute's timer, or refuses (403) and records why. A refusal is an
     * unauthenticated one: beyond the source's budget ({@link UnauthenticatedRefusals}) it is counted instead and
     * answered {@code Throttling.User} 429, since the HTTP trigger lets anyone reach this path.
     */
    public Result runFromTimer(RequestFacts facts, TimerCall call) {
        Optional<String> refusal = refusal(call);
        if (refusal.isPresent()) {
            ApiException denied = new ApiException("Forbidden.ScheduledWork", 403, "RunScheduledWork is served only to "
                    + "Function Compute's timer trigger: " + refusal.get());
            if (!unauthenticated.withinBudget(facts, denied.code())) {
                throw UnauthenticatedRefusals.throttled();
            }
            record(facts, Outcome.Denied, Map.of(), denied);
            throw denied;
        }
        List<InDoubtReconciler.Resolution> resolutions;
        long treeSize;
        try {
            resolutions = reconciler.reconcile("Function Compute timer " + facts.requestId());
            treeSize = auditScheduledWork();
        } catch (RuntimeException e) {
            LOG.errorf(e, "the scheduled work of request %s failed; the next timer tries again", facts.requestId());
            ApiException failed = ApiException.internalError();
            record(facts, Outcome.Failed, Map.of(), failed);
            throw failed;
        }
        long resolved = resolutions.stream()
                .filter(r -> r.outcome().equals("Succeeded") || r.outcome().equals("Failed")).count();
        long unresolved = resolutions.stream().filter(r -> r.outcome().equals("Unresolved")).count();
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("Resolved", resolved);
        response.put("Unresolved", unresolved);
        response.put("TreeSize", treeSize);
        record(facts, Outcome.Succeeded, response, null);
        return new Result(facts.requestId(), resolved, unresolved, resolutions, treeSize);
    }

    /** Why the call is refused, or empty when it is Function Compute's timer. */
    private Optional<String> refusal(TimerCall call) {
        if (!call.eventInvocation()) {
            return Optional.of("the request is not an event invocation of Function Compute");
        }
        if (!call.roleCredentials()) {
            return Optional.of("the request carries no credentials of the function's role");
        }
        if (!ACTION.equals(call.function())) {
            return Optional.of("the payload does not name RunScheduledWork");
        }
        if (token.isEmpty()) {
            return Optional.of("tdeguard.scheduled-work.token is not configured");
        }
        if (call.presentedToken() == null || !MessageDigest.isEqual(token.get().getBytes(StandardCharsets.UTF_8),
                call.presentedToken().getBytes(StandardCharsets.UTF_8))) {
            return Optional.of("the payload's Token is not the configured tdeguard.scheduled-work.token");
        }
        return Optional.empty();
    }

    /**
     * The audit log's own scheduled work: the counts of unauthenticated refusals whose window has ended become events,
     * then the sequencer integrates every waiting event and signs a checkpoint per batch. The one call into the audit
     * log's scheduling.
     *
     * @return the tree size of the log afterwards
     */
    private long auditScheduledWork() {
        unauthenticated.appendClosedWindows();
        return sequencer.integrateAll();
    }

    private void record(RequestFacts facts, Outcome outcome, Map<String, Object> response, ApiException error) {
        try {
            trail.appendAlone(new AuditRecord(ACTION, AuditCheckpoints.SERVICE, EventRW.Write, Phase.single, outcome,
                    facts, outcome == Outcome.Denied ? UserIdentity.unauthenticated(null)
                            : UserIdentity.system(TIMER, config.accountId()),
                    AuditCheckpoints.trailArn(config), null, null, Map.of(), response,
                    error == null ? null : error.code(), error == null ? null : error.getMessage(),
                    null, List.of(), null, null));
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not audit RunScheduledWork request %s (%s)", facts.requestId(), outcome);
        }
    }
}
