package io.tdeguard.application;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tdeguard.api.ApiException;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.audit.AuditRecord;
import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.audit.AuditRecord.Outcome;
import io.tdeguard.audit.AuditRecord.Phase;
import io.tdeguard.audit.AuditTrail;
import io.tdeguard.audit.UserIdentity;
import io.tdeguard.auth.Authenticator;
import io.tdeguard.auth.Caller;
import io.tdeguard.auth.PermissionChecker;
import io.tdeguard.policy.Decision;

/**
 * Runs every function but ModifyInstanceTDE (whose two-phase flow is its own use case): authenticate, run the
 * body and append its audit event in one transaction (or, for a body that waits on R-kvstore, run it outside any
 * transaction and append its event alone), or on a refusal append the refusal alone. Every call,
 * allowed or not, leaves one event.
 */
@ApplicationScoped
public class Invocations {

    private static final Logger LOG = Logger.getLogger(Invocations.class);

    private final Authenticator authenticator;
    private final PermissionChecker permissions;
    private final AuditTrail audit;
    private final UnauthenticatedRefusals unauthenticated;

    Invocations(Authenticator authenticator, PermissionChecker permissions, AuditTrail audit,
            UnauthenticatedRefusals unauthenticated) {
        this.authenticator = authenticator;
        this.permissions = permissions;
        this.audit = audit;
        this.unauthenticated = unauthenticated;
    }

    /**
     * Checks the caller's RAM permission for the action on the resource and records the decision, allowing or not,
     * in the invocation's audit event; throws {@code Forbidden.RAM} when it does not allow.
     */
    public void authorize(Invocation invocation, String action, String resource, Map<String, String> conditionKeys) {
        Decision decision = permissions.decide(invocation.caller(), invocation.facts(), action, resource, conditionKeys);
        invocation.decision(decision);
        if (!decision.isAllowed()) {
            throw PermissionChecker.forbidden(invocation.caller(), action, resource, decision);
        }
    }

    /**
     * Authenticates the request; a refusal, or the server's own failure to authenticate, is audited, then thrown. Beyond the source's budget of unauthenticated
     * refusals ({@link UnauthenticatedRefusals}) a refusal of the caller (not the server's own failure) is counted
     * instead and answered {@code Throttling.User} once the count has committed ({@code ServiceUnavailable} when it
     * cannot be). A request whose parameters could not be read
     * ({@link RequestFacts#unreadableParameters()}) is refused once its caller is known, and recorded with what it
     * carried, as text.
     */
    public Invocation authenticate(RequestFacts facts, String serviceName, EventRW rw) {
        Invocation invocation;
        try {
            invocation = new Invocation(facts, authenticator.authenticate(facts));
        } catch (ApiException e) {
            if (e.httpStatus() < 500 && !unauthenticated.withinBudget(facts, e.code())) {
                throw UnauthenticatedRefusals.throttled();
            }
            recordError(serviceName, rw, new Invocation(facts, null), e);
            throw e;
        } catch (RuntimeException e) {
            // The server's own failure (its AccessKey or nonce store unreachable): recorded as any failure.
            recordError(serviceName, rw, new Invocation(facts, null), ApiException.internalError());
            throw e;
        }
        ApiException unreadable = facts.unreadableParameters();
        if (unreadable != null) {
            recordError(serviceName, rw, invocation.parameters(asSent(facts)), unreadable);
            throw unreadable;
        }
        return invocation;
    }

    /**
     * Refuses a request that no use case serves (an action the RPC front does not serve): once its caller is
     * authenticated, as every refusal, and recorded with the parameters it sent.
     *
     * @return {@code refusal}, for the caller to throw
     */
    public ApiException refuse(RequestFacts facts, String serviceName, EventRW rw, Map<String, Object> parameters,
            ApiException refusal) {
        Invocation invocation = authenticate(facts, serviceName, rw);
        recordError(serviceName, rw, invocation.parameters(parameters), refusal);
        return refusal;
    }

    /**
     * Refuses a request before any function could serve it or authenticate its caller (the HTTP layer's own refusals:
     * a URI that is not one, a method no function takes, a body beyond the limit, a credential header of the platform
     * sent twice): recorded as an unauthenticated refusal with what the request carried, as text; beyond its source's
     * budget ({@link UnauthenticatedRefusals}) counted instead.
     *
     * @return the error to answer: {@code refusal}, or {@code Throttling.User} beyond the budget
     * @throws ApiException {@code ServiceUnavailable} beyond the budget when the count could not be committed
     */
    public ApiException refuseUnauthenticated(RequestFacts facts, ApiException refusal) {
        if (!unauthenticated.withinBudget(facts, refusal.code())) {
            return UnauthenticatedRefusals.throttled();
        }
        // Refused before anything was read or done for it.
        recordError(UnauthenticatedRefusals.SERVICE, EventRW.Read, new Invocation(facts, null).parameters(asSent(facts)),
                refusal);
        return refusal;
    }

    /** What a request carried, as text: its body (bytes that are no UTF-8 become U+FFFD) and its query string. */
    private static Map<String, Object> asSent(RequestFacts facts) {
        Map<String, Object> sent = new LinkedHashMap<>();
        if (facts.body().length > 0) {
            sent.put("RequestBody", new String(facts.body(), StandardCharsets.UTF_8));
        }
        if (facts.rawQuery() != null && !facts.rawQuery().isEmpty()) {
            sent.put("QueryString", facts.rawQuery());
        }
        return sent;
    }

    /**
     * Runs a function: authenticates, then runs the body and appends its audit event in one transaction; a refusal or
     * failure is recorded alone ({@link #recordError}).
     */
    public <R> R run(RequestFacts request, String serviceName, EventRW rw, Function<Invocation, R> body) {
        return recorded(request, serviceName, rw, invocation -> QuarkusTransaction.requiringNew().call(() -> {
            R result = body.apply(invocation);
            audit.append(record(serviceName, rw, Outcome.Succeeded, invocation, null));
            return result;
        }));
    }

    /**
     * Runs a function whose members the caller sent: they are recorded as sent, then bound strictly to its input
     * record ({@link StrictInput}) inside the audited call, so that a refused member is recorded like any refusal.
     */
    public <I extends Record, R> R run(RequestFacts request, String serviceName, EventRW rw, Map<String, Object> members,
            Class<I> inputType, BiFunction<Invocation, I, R> body) {
        return run(request, serviceName, rw, bound(members, inputType, body));
    }

    /**
     * Runs a function whose body waits on something outside the database (R-kvstore's answers): as {@link #run}, but
     * the body runs in no transaction, so that no database connection is held while it waits (each database read it
     * makes is a short transaction of its own), and its audit event is appended alone once it has returned. A result
     * whose event cannot be appended is not answered: the call ends as a failure, recorded if it can be.
     */
    public <R> R runOutsideTransaction(RequestFacts request, String serviceName, EventRW rw, Function<Invocation, R> body) {
        return recorded(request, serviceName, rw, invocation -> {
            R result = body.apply(invocation);
            audit.appendAlone(record(serviceName, rw, Outcome.Succeeded, invocation, null));
            return result;
        });
    }

    /** {@link #runOutsideTransaction} of a function whose members the caller sent, bound as {@link #run} binds them. */
    public <I extends Record, R> R runOutsideTransaction(RequestFacts request, String serviceName, EventRW rw,
            Map<String, Object> members, Class<I> inputType, BiFunction<Invocation, I, R> body) {
        return runOutsideTransaction(request, serviceName, rw, bound(members, inputType, body));
    }

    /** Authenticates, then runs {@code body}, which records a success itself; an error is recorded here. */
    private <R> R recorded(RequestFacts request, String serviceName, EventRW rw, Function<Invocation, R> body) {
        Invocation invocation = authenticate(request, serviceName, rw);
        try {
            return body.apply(invocation);
        } catch (ApiException e) {
            recordError(serviceName, rw, invocation, e);
            throw e;
        } catch (RuntimeException e) {
            recordError(serviceName, rw, invocation, ApiException.internalError());
            throw e;
        }
    }

    private static <I extends Record, R> Function<Invocation, R> bound(Map<String, Object> members, Class<I> inputType,
            BiFunction<Invocation, I, R> body) {
        return invocation -> {
            invocation.parameters(members == null ? Map.of() : members);
            return body.apply(invocation, StrictInput.bind(members, inputType));
        };
    }

    /**
     * Records a call that ended in an error: a refusal of the caller's request ({@code Denied}) or the server's own
     * failure ({@code Failed}). If even that fails the error still stands: a denial never waits on the trail.
     */
    public void recordError(String serviceName, EventRW rw, Invocation invocation, ApiException error) {
        try {
            audit.appendAlone(record(serviceName, rw, outcomeOf(error), invocation, error));
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not audit the full record of the refusal %s of request %s; recording a minimal one",
                    error.code(), invocation.requestId());
            recordMinimal(serviceName, rw, invocation, error);
        }
    }

    /**
     * When the full record of an error cannot be written, a minimal one is: the code, RequestId, caller and source,
     * without what the caller sent, and marked as such; only when even that fails is the refusal just logged.
     */
    private void recordMinimal(String serviceName, EventRW rw, Invocation full, ApiException error) {
        Invocation minimal = new Invocation(full.facts(), full.caller())
                .parameters(Map.of("RecordedMinimally", "the full record of this request could not be written"));
        try {
            audit.appendAlone(record(serviceName, rw, outcomeOf(error), minimal,
                    new ApiException(error.code(), error.httpStatus(), "")));
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not audit even a minimal record of the refusal %s of request %s", error.code(),
                    full.requestId());
        }
    }

    /** A refusal of the caller's request is a denial; the server's own failure is a failure. */
    private static Outcome outcomeOf(ApiException error) {
        return error.httpStatus() >= 500 ? Outcome.Failed : Outcome.Denied;
    }

    private static AuditRecord record(String serviceName, EventRW rw, Outcome outcome, Invocation invocation, ApiException error) {
        return record(serviceName, rw, Phase.single, outcome, invocation, error, null);
    }

    /** The audit record of an invocation as it stands, with the error that ended it, if any. */
    public static AuditRecord record(String serviceName, EventRW rw, Phase phase, Outcome outcome, Invocation invocation,
            ApiException error, String intentEventId) {
        Caller caller = invocation.caller();
        RequestFacts facts = invocation.facts();
        // The action a request names is the caller's text where no function is found by it (the RPC front's).
        return new AuditRecord(AuditTrail.recordableId(facts.action()), serviceName, rw,
                phase, outcome, facts,
                caller == null ? UserIdentity.unauthenticated(Authenticator.claimedAccessKeyId(facts))
                        : UserIdentity.ramUser(caller.userId(), caller.accountId(), caller.accessKeyId(), caller.userName(),
                                caller.principalArn()),
                invocation.resourceName(), invocation.instanceId(), invocation.acsRegion(),
                invocation.requestParameters(), invocation.responseElements(),
                error == null ? null : error.code(), error == null ? null : error.getMessage(),
                invocation.decisionEffect(), invocation.decisionReasons(), invocation.approvalId(), intentEventId);
    }
}
