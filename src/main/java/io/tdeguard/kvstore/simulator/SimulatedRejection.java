package io.tdeguard.kvstore.simulator;

import io.tdeguard.kvstore.TdeApiException;

/** The errors the simulated service answers with, as the real R-kvstore API spells them. */
enum SimulatedRejection {
    INSTANCE_NAME_MALFORMED(400, "InvalidInstanceName.Malformed", "The Specified parameter InstanceName is not valid."),
    INSTANCE_NOT_FOUND(404, "InvalidInstanceId.NotFound", "The specified instance does not exist."),
    TASK_EXISTS(400, "TaskExists", "Specified task have existed."),
    INCORRECT_ENGINE_VERSION(400, "IncorrectEngineVersion", "Current engine version does not support this operation."),
    TDE_CANNOT_BE_DISABLED(400, "InvalidParameter", "TDE cannot be disabled once enabled."),
    TDE_STATUS_INVALID(400, "InvalidParameter",
            "The specified parameter TDEStatus is not valid: the only valid value is Enabled.");

    final int httpStatus;
    final String code;
    final String message;

    SimulatedRejection(int httpStatus, String code, String message) {
        this.httpStatus = httpStatus;
        this.code = code;
        this.message = message;
    }

    TdeApiException toException(String backendRequestId) {
        return TdeApiException.rejected(code, httpStatus, message, backendRequestId);
    }
}
