package io.tdeguard.application.tde;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.tdeguard.api.ApiException;
import io.tdeguard.application.Invocation;
import io.tdeguard.kvstore.ChangeDeadline;
import io.tdeguard.kvstore.TdeApiException;

/**
 * What a caller learns of a failed call of the TDE backend, in a namespace of its own so that it is never mistaken
 * for a problem of the caller's own request (its signature, its RAM permissions): the backend's code for the business
 * errors of the change (TaskExists, InvalidInstanceId.NotFound, ...), {@code Backend.Unauthorized} when R-kvstore
 * refused TDE Guard's own credentials, {@code Backend.Unavailable} when it could not be reached or did not answer
 * usably. Messages are fixed: no exception text, host name or TLS detail reaches a caller. The full detail is for the
 * audit record ({@link #auditDetail}).
 */
final class BackendErrors {

    /** R-kvstore's answers to the caller's change, passed on with their own code. */
    private static final Map<String, String> BUSINESS = Map.of(
            "TaskExists", "the instance has a modification task in progress: try again when it ends",
            "InvalidInstanceId.NotFound", "the specified instance does not exist",
            "InvalidInstanceName.Malformed", "the specified InstanceId is not valid",
            "IncorrectEngineVersion", "the instance's engine version does not support TDE",
            "IncorrectInstanceStatus", "the instance's status does not allow this change now",
            "InvalidEncryptionKey.NotFound", "the encryption key is not one the instance can use",
            "InvalidRoleArn.NotAuthorized", "the RAM role is not authorized for the instance to use KMS",
            "InvalidParameter", "R-kvstore refused a parameter of this change");

    /** Refusals of the credentials that signed the outbound call: TDE Guard's own, never the caller's. */
    private static final Set<String> CREDENTIAL_CODE_PREFIXES = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "IncompleteSignature", "InvalidSecurityToken", "InvalidTimeStamp", "SignatureNonceUsed", "Forbidden",
            "NoPermission", "InvalidAuthorization");

    private BackendErrors() {
    }

    /** The caller's error for a failure of the backend. */
    static ApiException toCallerError(TdeApiException failure) {
        String code = failure.code() == null ? "" : failure.code();
        String business = BUSINESS.get(code);
        if (business != null) {
            return new ApiException(code, failure.httpStatus(), business);
        }
        if (ChangeDeadline.PASSED.equals(code)) {
            return new ApiException("Backend.Unavailable", 503, "the change could not be sent in time (this call was "
                    + "held up before it), so it was not made: try again");
        }
        if (CREDENTIAL_CODE_PREFIXES.stream().anyMatch(code::startsWith)) {
            return new ApiException("Backend.Unauthorized", 502, "R-kvstore refused the credentials of TDE Guard "
                    + "itself: an operator must check its outbound AccessKey or role", null, Map.of());
        }
        if (failure.httpStatus() >= 400 && failure.httpStatus() < 500 && !code.startsWith("Throttling")) {
            return new ApiException("Backend.Refused", 400, "R-kvstore refused this call; the audit record of this "
                    + "request has its answer");
        }
        return new ApiException("Backend.Unavailable", 503, "R-kvstore could not be reached or did not answer "
                + "usably: try again later");
    }

    /** The caller's error for a failure of the backend; everything the backend said goes into the call's audit event. */
    static ApiException refused(Invocation invocation, TdeApiException failure) {
        invocation.response(auditDetail(failure));
        return toCallerError(failure);
    }

    /** Everything the backend said, for the audit record of the call only. */
    static Map<String, Object> auditDetail(TdeApiException failure) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("BackendRequestId", failure.backendRequestId());
        detail.put("BackendErrorCode", failure.code());
        detail.put("BackendHttpStatus", failure.httpStatus());
        detail.put("BackendErrorMessage", failure.getMessage());
        return detail;
    }
}
