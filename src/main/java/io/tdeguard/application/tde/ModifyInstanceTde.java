package io.tdeguard.application.tde;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tdeguard.api.ApiException;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.application.Invocation;
import io.tdeguard.application.Invocations;
import io.tdeguard.approval.Approvals;
import io.tdeguard.approval.BoundChange;
import io.tdeguard.audit.AppendedEvent;
import io.tdeguard.audit.AuditRecord;
import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.audit.AuditRecord.Outcome;
import io.tdeguard.audit.AuditRecord.Phase;
import io.tdeguard.audit.AuditTrail;
import io.tdeguard.kvstore.BackendCall;
import io.tdeguard.kvstore.ChangeDeadline;
import io.tdeguard.kvstore.InstanceAttribute;
import io.tdeguard.kvstore.ModifyTdeCommand;
import io.tdeguard.kvstore.ModifyTdeResult;
import io.tdeguard.kvstore.TdeApi;
import io.tdeguard.kvstore.TdeApiException;

/**
 * The guarded ModifyInstanceTDE, top to bottom: authenticate → validate → confirm the instance's region with the
 * backend ({@link InstanceRegion}) → authorize (RAM, with kvstore:TDEStatus)
 * → reserve a matching approval and commit the audit intent in one transaction → call the TDE backend → record
 * the outcome and consume or release the approval. No backend call happens without a committed intent, and none
 * that could still run when a reconciler may settle the intent: the backend gets the deadline of the change, the
 * intent's recorded time plus {@link TdeApi#longestChange()}.
 */
@ApplicationScoped
public class ModifyInstanceTde {

    static final String SERVICE = "kvstore";
    private static final Logger LOG = Logger.getLogger(ModifyInstanceTde.class);

    private final Invocations invocations;
    private final TdeChangeBinder binder;
    private final Approvals approvals;
    private final AuditTrail audit;
    private final TdeApi tdeApi;
    private final Clock clock;

    ModifyInstanceTde(Invocations invocations, TdeChangeBinder binder, Approvals approvals, AuditTrail audit, TdeApi tdeApi,
            Clock clock) {
        this.invocations = invocations;
        this.binder = binder;
        this.approvals = approvals;
        this.audit = audit;
        this.tdeApi = tdeApi;
        this.clock = clock;
    }

    public record Result(String requestId, String approvalId, String auditEventId) {
    }

    private record Intent(String approvalId, String eventId, Instant recordedAt) {
    }

    public Result handle(RequestFacts request, Map<String, Object> parameters) {
        Invocation invocation = invocations.authenticate(request, SERVICE, EventRW.Write);
        BoundChange change = validateAndAuthorize(invocation, parameters);
        Intent intent = reserveApprovalAndRecordIntent(invocation, change);
        ModifyTdeResult result;
        try {
            result = tdeApi.modifyInstanceTde(command(change),
                    new ChangeDeadline(intent.recordedAt().plus(tdeApi.longestChange()), clock));
        } catch (TdeApiException e) {
            throw recordFailure(invocation, intent, e);
        } catch (RuntimeException e) {
            LOG.errorf(e, "the TDE call of request %s ended unexpectedly: its outcome is in doubt", invocation.requestId());
            throw recordFailure(invocation, intent, new TdeApiException("InternalError", 500,
                    "the TDE call ended unexpectedly", null, TdeApiException.Certainty.IN_DOUBT, e));
        }
        return recordSuccess(invocation, intent, result);
    }

    private BoundChange validateAndAuthorize(Invocation invocation, Map<String, Object> parameters) {
        try {
            invocation.parameters(parameters == null ? Map.of() : new LinkedHashMap<>(parameters));
            if (parameters != null && parameters.get("InstanceId") instanceof String named) {
                // Before validation, so that an auditor finds even a malformed attempt by the instance it named.
                invocation.instance(named, null);
            }
            BoundChange change = binder.bind(parameters);
            invocation.resource(change.resourceArn()).instance(change.instanceId(), change.regionId());
            Optional<InstanceAttribute> located = InstanceRegion.locate(tdeApi, invocation, change.regionId(),
                    change.instanceId());
            invocations.authorize(invocation, TdeChangeBinder.ACTION, change.resourceArn(), change.conditionKeys());
            located.orElseThrow(() -> InstanceRegion.notInRegion(change.regionId()));
            return change;
        } catch (ApiException e) {
            invocations.recordError(SERVICE, EventRW.Write, invocation, e);
            throw e;
        } catch (RuntimeException e) {
            invocations.recordError(SERVICE, EventRW.Write, invocation, ApiException.internalError());
            throw e;
        }
    }

    /** Fails closed: if the intent cannot be committed, nothing is reserved and no call is made. */
    private Intent reserveApprovalAndRecordIntent(Invocation invocation, BoundChange change) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Optional<String> approvalId = approvals.reserve(change, invocation.caller().userName(), invocation.requestId());
                if (approvalId.isEmpty()) {
                    throw new ApiException("Forbidden.ApprovalRequired", 403,
                            "this change needs an approved, unexpired, unused approval: " + approvals.whyNoneMatches(change, invocation.caller().userName()),
                            "create one with CreateApproval carrying exactly these parameters, have another user approve it, and make the change yourself",
                            Map.of());
                }
                invocation.approval(approvalId.get());
                AppendedEvent event = audit.append(event(invocation, Phase.intent, Outcome.Allowed, null, null, null));
                return new Intent(approvalId.get(), event.eventId(), event.eventTime());
            });
        } catch (ApiException e) {
            invocations.recordError(SERVICE, EventRW.Write, invocation, e);
            throw e;
        } catch (RuntimeException e) {
            LOG.errorf(e, "the audit intent of request %s could not be committed: the TDE call is not made", invocation.requestId());
            invocation.approval(null);
            ApiException unavailable = ApiException.serviceUnavailable(
                    "the audit trail could not record the intent of this change, so it was not attempted");
            invocations.recordError(SERVICE, EventRW.Write, invocation, unavailable);
            throw unavailable;
        }
    }

    private Result recordSuccess(Invocation invocation, Intent intent, ModifyTdeResult result) {
        // Changed=false: TDE was already on, nothing was asked of the service; the approval is spent all the same.
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("BackendRequestId", result.backendRequestId());
        response.put("Changed", result.changed());
        response.put("BackendCalls", backendCalls(result.calls()));
        try {
            String outcomeEventId = QuarkusTransaction.requiringNew().call(() -> {
                Optional<Outcome> reconciled = reconciledOutcome(invocation, intent);
                if (reconciled.isPresent()) {
                    boolean contradicts = reconciled.get() != Outcome.Succeeded;
                    if (contradicts) {
                        // The reconciler released the approval; the change happened after all: it is spent.
                        approvals.consumeAfterRelease(intent.approvalId());
                    }
                    markLate(response, reconciled.get(), contradicts);
                    return audit.append(event(invocation, Phase.outcome, Outcome.Succeeded, intent, response, null))
                            .eventId();
                }
                approvals.consume(intent.approvalId());
                return audit.append(event(invocation, Phase.outcome, Outcome.Succeeded, intent, response, null)).eventId();
            });
            return new Result(invocation.requestId(), intent.approvalId(), outcomeEventId);
        } catch (RuntimeException e) {
            // The change happened; only its record is missing. The intent without outcome is left for reconciliation.
            LOG.errorf(e, "TDE was enabled for request %s but its outcome could not be recorded", invocation.requestId());
            return new Result(invocation.requestId(), intent.approvalId(), intent.eventId());
        }
    }

    /** A definite refusal releases the approval; an unknown outcome keeps it reserved until reconciliation. */
    private ApiException recordFailure(Invocation invocation, Intent intent, TdeApiException failure) {
        boolean inDoubt = failure.certainty() == TdeApiException.Certainty.IN_DOUBT;
        ApiException error = inDoubt
                ? ApiException.serviceUnavailable("the outcome of the TDE call is not known yet; it will be reconciled, "
                        + "and the approval stays reserved until then")
                : BackendErrors.toCallerError(failure);
        Map<String, Object> response = BackendErrors.auditDetail(failure);
        if (!failure.calls().isEmpty()) {
            response.put("BackendCalls", backendCalls(failure.calls()));
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                Optional<Outcome> reconciled = reconciledOutcome(invocation, intent);
                if (reconciled.isPresent()) {
                    // A late timeout says nothing about what happened, so it never contradicts; it is recorded all the
                    // same, so that every end of every call is in the trail.
                    markLate(response, reconciled.get(), !inDoubt && reconciled.get() != Outcome.Failed);
                    audit.append(event(invocation, Phase.outcome, inDoubt ? Outcome.InDoubt : Outcome.Failed, intent,
                            response, error));
                    return;
                }
                if (!inDoubt) {
                    approvals.release(intent.approvalId());
                }
                audit.append(event(invocation, Phase.outcome, inDoubt ? Outcome.InDoubt : Outcome.Failed, intent,
                        response, error));
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "the failed TDE call of request %s could not be recorded", invocation.requestId());
        }
        return error;
    }

    /**
     * The outcome a reconciler recorded while the call was slow, if one did. Takes the lock the reconciler takes, so
     * that the two never both record an outcome as the first.
     */
    private Optional<Outcome> reconciledOutcome(Invocation invocation, Intent intent) {
        audit.lockOutcomesOf(intent.eventId());
        Optional<Outcome> reconciled = audit.definiteOutcome(intent.eventId());
        reconciled.ifPresent(outcome -> LOG.warnf("the TDE call of request %s answered after its intent was reconciled "
                + "as %s; the answer is recorded as a late outcome", invocation.requestId(), outcome));
        return reconciled;
    }

    /**
     * An answer that arrived after reconciliation is recorded as its own outcome event, marked as late and, when it
     * says otherwise than the reconciler did, as contradicting it: an auditor sees both and which one was first.
     */
    private static void markLate(Map<String, Object> response, Outcome reconciled, boolean contradicts) {
        response.put("LateAnswer", true);
        response.put("ReconciledOutcome", reconciled.name());
        response.put("ContradictsReconciled", contradicts);
    }

    private static AuditRecord event(Invocation invocation, Phase phase, Outcome outcome, Intent intent,
            Map<String, Object> response, ApiException error) {
        return Invocations.record(SERVICE, EventRW.Write, phase, outcome, invocation.response(response), error,
                intent == null ? null : intent.eventId());
    }

    private static List<Map<String, Object>> backendCalls(List<BackendCall> calls) {
        return calls.stream().map(BackendCall::toAuditMap).toList();
    }

    private static ModifyTdeCommand command(BoundChange change) {
        Map<String, Object> p = change.parameters();
        return new ModifyTdeCommand((String) p.get("RegionId"), (String) p.get("InstanceId"), (String) p.get("TDEStatus"),
                (String) p.get("EncryptionName"), (String) p.get("EncryptionKey"), (String) p.get("RoleArn"));
    }
}
