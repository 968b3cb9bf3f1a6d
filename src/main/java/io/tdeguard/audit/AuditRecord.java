package io.tdeguard.audit;

import java.util.List;
import java.util.Map;

import io.tdeguard.auth.Caller;
import io.tdeguard.api.RequestFacts;

/**
 * What one audit event says, before it is numbered and chained. Field names follow ActionTrail; phase, outcome,
 * decision, approvalId and intentEventId are TDE Guard's own.
 *
 * @param caller null when the request did not authenticate; {@code claimedAccessKeyId} then names the key it claimed
 * @param decision the RAM decision ({@code Allow}, {@code ExplicitDeny}, {@code ImplicitDeny}) or null when none was made
 * @param decisionReasons the statements that produced the decision
 * @param system          the function's own identity when it acts by itself (the reconciler), else null; then
 *                        {@code caller} is null and the event names this identity as its caller
 */
public record AuditRecord(
        String eventName,
        String serviceName,
        EventRW eventRW,
        Phase phase,
        Outcome outcome,
        RequestFacts facts,
        Caller caller,
        String claimedAccessKeyId,
        String resourceName,
        String instanceId,
        String acsRegion,
        Map<String, Object> requestParameters,
        Map<String, Object> responseElements,
        String errorCode,
        String errorMessage,
        String decision,
        List<String> decisionReasons,
        String approvalId,
        String intentEventId,
        SystemIdentity system) {

    /** An event of a caller's request (or of a refusal), as every function but the reconciler records. */
    public AuditRecord(String eventName, String serviceName, EventRW eventRW, Phase phase, Outcome outcome,
            RequestFacts facts, Caller caller, String claimedAccessKeyId, String resourceName, String instanceId,
            String acsRegion, Map<String, Object> requestParameters, Map<String, Object> responseElements,
            String errorCode, String errorMessage, String decision, List<String> decisionReasons, String approvalId,
            String intentEventId) {
        this(eventName, serviceName, eventRW, phase, outcome, facts, caller, claimedAccessKeyId, resourceName,
                instanceId, acsRegion, requestParameters, responseElements, errorCode, errorMessage, decision,
                decisionReasons, approvalId, intentEventId, null);
    }

    /**
     * The function acting on its own, not for a caller: {@code userIdentity} is
     * {@code {"type":"system","principalId":"tdeguard:<name>","accountId":…,"userName":<name>,
     * "arn":"acs:tdeguard::<account>:system/<name>"}}.
     */
    public record SystemIdentity(String name, String accountId) {

        /** Resolves in-doubt changes (io.tdeguard.application.tde.InDoubtReconciler). */
        public static final String RECONCILER = "tdeguard-reconciler";

        public String arn() {
            return "acs:tdeguard::" + accountId + ":system/" + name;
        }
    }

    public enum EventRW { Read, Write }

    /** single: a call recorded once; intent and outcome: the two halves of a TDE change around the backend call. */
    public enum Phase {
        single, intent, outcome
    }

    /** What happened, for queries: Allowed marks an intent; the others end a call. */
    public enum Outcome {
        Allowed, Succeeded, Denied, Failed, InDoubt
    }
}
