package io.tdeguard.audit;

import java.util.List;
import java.util.Map;

import io.tdeguard.api.RequestFacts;

/**
 * What one audit event says, before it is numbered and chained. Field names follow ActionTrail; phase, outcome,
 * decision, approvalId and intentEventId are TDE Guard's own.
 *
 * @param facts the request's facts: its RequestId, source address and user agent are recorded
 * @param decision the RAM decision ({@code Allow}, {@code ExplicitDeny}, {@code ImplicitDeny}) or null when none was made
 * @param decisionReasons the statements that produced the decision
 */
public record AuditRecord(
        String eventName,
        String serviceName,
        EventRW eventRW,
        Phase phase,
        Outcome outcome,
        RequestFacts facts,
        UserIdentity userIdentity,
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
        String intentEventId) {

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
