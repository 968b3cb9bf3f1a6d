package io.tdeguard.application;

import java.util.List;
import java.util.Map;

import io.tdeguard.api.RequestFacts;
import io.tdeguard.audit.AuditTrail;
import io.tdeguard.auth.Caller;
import io.tdeguard.policy.Decision;

/**
 * One authenticated call in progress. The function's body records here what its audit event should say
 * (the resource, the parameters, the decision), so that success and failure are audited alike.
 */
public final class Invocation {

    private final RequestFacts facts;
    private final Caller caller;
    private String resourceName;
    private String instanceId;
    private String acsRegion;
    private String approvalId;
    private Map<String, Object> requestParameters = Map.of();
    private Map<String, Object> responseElements;
    private Decision decision;

    Invocation(RequestFacts facts, Caller caller) {
        this.facts = facts;
        this.caller = caller;
    }

    public RequestFacts facts() {
        return facts;
    }

    public Caller caller() {
        return caller;
    }

    public String requestId() {
        return facts.requestId();
    }

    public Invocation parameters(Map<String, Object> requestParameters) {
        this.requestParameters = requestParameters;
        return this;
    }

    public Invocation resource(String resourceName) {
        this.resourceName = AuditTrail.recordableId(resourceName);
        return this;
    }

    public Invocation instance(String instanceId, String acsRegion) {
        this.instanceId = AuditTrail.recordableId(instanceId);
        this.acsRegion = AuditTrail.recordableId(acsRegion);
        return this;
    }

    public Invocation approval(String approvalId) {
        this.approvalId = AuditTrail.recordableId(approvalId);
        return this;
    }

    public Invocation decision(Decision decision) {
        this.decision = decision;
        return this;
    }

    public Invocation response(Map<String, Object> responseElements) {
        this.responseElements = responseElements;
        return this;
    }

    String resourceName() {
        return resourceName;
    }

    String instanceId() {
        return instanceId;
    }

    String acsRegion() {
        return acsRegion;
    }

    String approvalId() {
        return approvalId;
    }

    Map<String, Object> requestParameters() {
        return requestParameters;
    }

    Map<String, Object> responseElements() {
        return responseElements;
    }

    String decisionEffect() {
        return decision == null ? null : decision.outcome().wireName();
    }

    List<String> decisionReasons() {
        return decision == null ? List.of() : decision.matchedStatements().stream().map(Object::toString).toList();
    }
}
