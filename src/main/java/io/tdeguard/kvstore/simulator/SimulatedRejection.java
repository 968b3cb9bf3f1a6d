package io.tdeguard.kvstore.simulator;

import io.tdeguard.kvstore.TdeApiException;

/**
 * The errors the simulated service answers with, as the real R-kvstore API spells them. {@code
 * InvalidEncryptionKey.NotFound} (DescribeEncryptionKey of a key the instance cannot use) is TDE Guard's own
 * wording, the one its pre-check of ModifyInstanceTDE answers with.
 */
public enum SimulatedRejection {
    INSTANCE_NAME_MALFORMED(400, "InvalidInstanceName.Malformed", "The Specified parameter InstanceName is not valid."),
    INSTANCE_NOT_FOUND(404, "InvalidInstanceId.NotFound", "The specified instance does not exist."),
    TASK_EXISTS(400, "TaskExists", "Specified task have existed."),
    INCORRECT_ENGINE_VERSION(400, "IncorrectEngineVersion", "Current engine version does not support this operation."),
    TDE_CANNOT_BE_DISABLED(400, "InvalidParameter", "TDE cannot be disabled once enabled."),
    TDE_STATUS_INVALID(400, "InvalidParameter",
            "The specified parameter TDEStatus is not valid: the only valid value is Enabled."),
    ENCRYPTION_KEY_NOT_FOUND(400, "InvalidEncryptionKey.NotFound", "The specified encryption key is not found.");

    public final int httpStatus;
    public final String code;
    public final String message;

    SimulatedRejection(int httpStatus, String code, String message) {
        this.httpStatus = httpStatus;
        this.code = code;
        this.message = message;
    }

    public TdeApiException toException(String backendRequestId) {
        return TdeApiException.rejected(code, httpStatus, message, backendRequestId);
    }
}
