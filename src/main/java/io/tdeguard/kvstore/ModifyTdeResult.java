package io.tdeguard.kvstore;

import java.util.List;

/**
 * The answer to an accepted ModifyInstanceTDE.
 *
 * @param backendRequestId the RequestId of the backend's answer that decided the outcome: the ModifyInstanceTDE
 *        call's, or the DescribeInstanceTDEStatus call's when TDE was already on and no change was requested
 * @param changed false when TDE was already enabled, so nothing changed (a no-op success)
 * @param calls every call the backend made to serve this one, in order, with their RequestIds
 */
public record ModifyTdeResult(String backendRequestId, boolean changed, List<BackendCall> calls) {

    public ModifyTdeResult {
        calls = List.copyOf(calls);
    }

    /** A change made by one ModifyInstanceTDE call and nothing else. */
    public ModifyTdeResult(String backendRequestId) {
        this(backendRequestId, true, List.of(new BackendCall(TdeApi.MODIFY_INSTANCE_TDE, backendRequestId)));
    }
}
