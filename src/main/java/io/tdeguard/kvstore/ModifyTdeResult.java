package io.tdeguard.kvstore;

/** The answer to an accepted ModifyInstanceTDE: the backend's RequestId, for the audit trail. */
public record ModifyTdeResult(String backendRequestId) {
}
