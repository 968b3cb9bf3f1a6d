package io.tdeguard.api;

import java.util.Map;

/**
 * A failure the caller is told about, in Alibaba's shape: an error code, its HTTP status and a message.
 * Every refusal of the function is one of these; anything else is an internal error whose details stay in the log.
 */
public class ApiException extends RuntimeException {

    private final String code;
    private final int httpStatus;
    private final String recommend;
    private final Map<String, Object> details;

    public ApiException(String code, int httpStatus, String message) {
        this(code, httpStatus, message, null, Map.of());
    }

    public ApiException(String code, int httpStatus, String message, String recommend, Map<String, Object> details) {
        super(message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
        this.recommend = recommend;
        this.details = Map.copyOf(details);
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** A hint for the caller on how to get past this error, or null. */
    public String recommend() {
        return recommend;
    }

    /** Extra response fields, such as {@code AccessDeniedDetail} of a RAM denial. */
    public Map<String, Object> details() {
        return details;
    }

    public static ApiException missingParameter(String name) {
        return new ApiException("MissingParameter", 400, "the input parameter \"" + name + "\" that is mandatory for processing this request is not supplied");
    }

    public static ApiException invalidParameter(String name, String reason) {
        return new ApiException("InvalidParameter", 400, "the parameter \"" + name + "\" is not valid: " + reason);
    }

    public static ApiException internalError() {
        return new ApiException("InternalError", 500,
                "The request processing has failed due to some unknown error, exception or failure.");
    }

    public static ApiException serviceUnavailable(String reason) {
        return new ApiException("ServiceUnavailable", 503, "the request has failed due to a temporary failure of the server: " + reason);
    }
}
