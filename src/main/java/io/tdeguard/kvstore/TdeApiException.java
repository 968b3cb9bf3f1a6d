package io.tdeguard.kvstore;

import java.util.List;

/**
 * A call of the {@link TdeApi} port that did not succeed. {@link #getMessage()} is the backend's message, in
 * Alibaba's wording where known.
 */
public class TdeApiException extends Exception {

    /** Whether the caller knows that the requested change did not happen. */
    public enum Certainty {
        /** The backend answered with an error: nothing changed. The caller releases the approval. */
        REJECTED,
        /**
         * No answer arrived after the request may have reached the backend (timeout, connection lost after
         * sending): the change may or may not have happened. The caller keeps the approval reserved until a
         * reconciliation reads the instance's state.
         */
        IN_DOUBT
    }

    /** The Alibaba SDK's code for a request whose response did not arrive in time. */
    public static final String READ_TIMEOUT = "SDK.ReadTimeout";

    /** No HTTP response arrived; 504 is what a gateway answers for an upstream timeout. */
    public static final int NO_RESPONSE_STATUS = 504;

    private final String code;
    private final int httpStatus;
    private final String backendRequestId;
    private final Certainty certainty;
    private final List<BackendCall> calls;

    public TdeApiException(String code, int httpStatus, String message, String backendRequestId,
            Certainty certainty, Throwable cause) {
        this(code, httpStatus, message, backendRequestId, certainty, cause, List.of());
    }

    /**
     * @param calls every call the backend made while serving the failed one, the failed call last (with a null
     *        RequestId when no answer arrived)
     */
    public TdeApiException(String code, int httpStatus, String message, String backendRequestId,
            Certainty certainty, Throwable cause, List<BackendCall> calls) {
        super(message, cause);
        this.code = code;
        this.httpStatus = httpStatus;
        this.backendRequestId = backendRequestId;
        this.certainty = certainty;
        this.calls = List.copyOf(calls);
    }

    /** The backend answered with this error. */
    public static TdeApiException rejected(String code, int httpStatus, String message, String backendRequestId) {
        return new TdeApiException(code, httpStatus, message, backendRequestId, Certainty.REJECTED, null);
    }

    /** No response arrived in time after the request was sent; the backend's RequestId is unknown. */
    public static TdeApiException timedOut(String message, Throwable cause) {
        return new TdeApiException(READ_TIMEOUT, NO_RESPONSE_STATUS, message, null, Certainty.IN_DOUBT, cause);
    }

    /** The Alibaba error code, e.g. {@code TaskExists}. */
    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The RequestId of the backend's error response; null when no response arrived. */
    public String backendRequestId() {
        return backendRequestId;
    }

    public Certainty certainty() {
        return certainty;
    }

    /** The calls the backend made while serving the failed one, in order; empty when the backend does not say. */
    public List<BackendCall> calls() {
        return calls;
    }

    public boolean isInDoubt() {
        return certainty == Certainty.IN_DOUBT;
    }

    @Override
    public String toString() {
        return "TdeApiException[" + code + ", " + httpStatus + ", " + certainty + ", RequestId "
                + backendRequestId + "]: " + getMessage();
    }
}
