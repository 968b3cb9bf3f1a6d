package io.tdeguard.kvstore.openapi;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tdeguard.kvstore.BackendCall;
import io.tdeguard.kvstore.ChangeDeadline;
import io.tdeguard.kvstore.TdeApiException;
import io.tdeguard.kvstore.TdeApiException.Certainty;

/**
 * Sends signed RPC calls to R-kvstore and reads the answers, retrying only where that is safe.
 *
 * <ul>
 *   <li>No connection (refused, connect timeout): the request was never sent, so every call is retried.</li>
 *   <li>A {@code Throttling*} error: the service refused the call before doing anything, so it is retried.</li>
 *   <li>A read timeout, a connection lost after sending, a 5xx or an unreadable success: a read is retried (it
 *       changes nothing); a call that {@code changes} state is never retried, and its outcome is
 *       {@link Certainty#IN_DOUBT}: it may have happened.</li>
 *   <li>Any other error answer is final: {@link Certainty#REJECTED} with the service's code, message and
 *       RequestId.</li>
 * </ul>
 * Each attempt is signed anew (fresh date and nonce) and recorded, with its RequestId, in the given call log.
 * Nothing about credentials is logged.
 */
class OpenApiClient {

    private static final Logger LOG = Logger.getLogger(OpenApiClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The SDK's code for a connection that could not be made. */
    static final String SERVER_UNREACHABLE = "SDK.ServerUnreachable";
    static final String INVALID_RESPONSE = "SDK.InvalidResponse";

    private final HttpClient.Builder builder;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int maxAttempts;
    private final Duration backoff;
    private final Duration maxBackoff;
    private final Clock clock;
    private final Supplier<String> nonce;
    private HttpClient http;

    /**
     * @param http the client's settings; it is built at the first call, not at start: building it loads the JDK's
     *             trusted certificates, most of a second of a cold start for a function that may never call out
     */
    OpenApiClient(HttpClient.Builder http, Duration connectTimeout, Duration readTimeout, int maxAttempts,
            Duration backoff, Duration maxBackoff, Clock clock, Supplier<String> nonce) {
        this.builder = http.connectTimeout(connectTimeout);
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.backoff = backoff;
        this.maxBackoff = maxBackoff;
        this.clock = clock;
        this.nonce = nonce;
    }

    /**
     * The longest one call can take, every attempt and wait included: each attempt connects and waits for its answer
     * up to the timeouts, and the waits between attempts double up to the longest backoff.
     */
    Duration longestCall() {
        Duration longest = connectTimeout.plus(readTimeout).multipliedBy(maxAttempts);
        for (int attempt = 2; attempt <= maxAttempts; attempt++) {
            longest = longest.plusMillis(pauseMillis(attempt));
        }
        return longest;
    }

    /**
     * Makes one call, retrying by the rules above.
     *
     * @param deadline for a call that changes state (ModifyInstanceTDE): each attempt is sent only if it can end by
     *        then (connect and read timeouts), and none is retried once sent; null for a read, which changes nothing
     * @param log receives every attempt, with the RequestId of its answer (null when none arrived)
     * @throws TdeApiException {@code REJECTED} with {@link ChangeDeadline#PASSED} when a change could not be sent in
     *         time (the calls made before it, if any, in its call log)
     */
    RpcAnswer call(URI endpoint, String action, Map<String, String> parameters, OutboundCredentials credentials,
            ChangeDeadline deadline, List<BackendCall> log) throws TdeApiException {
        boolean changes = deadline != null;
        TdeApiException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                pause(attempt);
            }
            if (changes) {
                try {
                    deadline.check(action, connectTimeout.plus(readTimeout));
                } catch (TdeApiException tooLate) {
                    throw withCalls(tooLate, log);
                }
            }
            RpcRequest request = RpcRequest.sign(endpoint, action, parameters, credentials, clock, nonce);
            Outcome outcome = attempt(request, action, changes);
            log.add(new BackendCall(action, outcome.requestId()));
            if (outcome.answer() != null) {
                return outcome.answer();
            }
            last = outcome.failure();
            if (!outcome.retryable()) {
                break;
            }
            LOG.debugf("%s attempt %d of %d failed with %s; retrying", action, attempt, maxAttempts, last.code());
        }
        throw withCalls(last, log);
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = builder.build();
        }
        return http;
    }

    private record Outcome(RpcAnswer answer, TdeApiException failure, boolean retryable) {
        String requestId() {
            return answer != null ? answer.requestId() : failure.backendRequestId();
        }
    }

    private Outcome attempt(RpcRequest request, String action, boolean changes) {
        HttpResponse<byte[]> response;
        // The request's own timeout covers the wait for the answer's headers only: a body that trickles in would keep
        // a change running past the bound the reconciler relies on. The whole exchange ends by connect + read timeout.
        CompletableFuture<HttpResponse<byte[]>> exchange = http().sendAsync(request.toHttpRequest(readTimeout),
                HttpResponse.BodyHandlers.ofByteArray());
        try {
            try {
                response = exchange.get(connectTimeout.plus(readTimeout).toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                exchange.cancel(true);
                throw new HttpTimeoutException("no complete answer within the connect and read timeouts");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException failure) {
                    throw failure;
                }
                throw new IllegalStateException("the HTTP client failed: " + e.getCause(), e.getCause());
            }
        } catch (HttpConnectTimeoutException | ConnectException e) {
            // The request never left: nothing happened, whatever the action.
            return new Outcome(null, new TdeApiException(SERVER_UNREACHABLE, 503, "could not connect to "
                    + request.uri().getRawAuthority() + " for " + action + ": " + e.getMessage(), null,
                    Certainty.REJECTED, e), true);
        } catch (HttpTimeoutException e) {
            return unanswered(action, changes, TdeApiException.timedOut("no response to " + action + " within "
                    + readTimeout.toMillis() + " ms (" + e.getMessage() + ")", e));
        } catch (IOException e) {
            return unanswered(action, changes, new TdeApiException("SDK.ConnectionLost", TdeApiException.NO_RESPONSE_STATUS,
                    "the connection was lost before the answer to " + action + " arrived: " + e.getMessage(), null,
                    Certainty.IN_DOUBT, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, new TdeApiException("SDK.Interrupted", TdeApiException.NO_RESPONSE_STATUS,
                    "interrupted while waiting for the answer to " + action, null,
                    changes ? Certainty.IN_DOUBT : Certainty.REJECTED, e), false);
        }
        return read(response, action, changes);
    }

    /** No answer after sending: a read may be retried; a change is in doubt. */
    private static Outcome unanswered(String action, boolean changes, TdeApiException failure) {
        if (changes) {
            return new Outcome(null, failure, false);
        }
        return new Outcome(null, new TdeApiException(failure.code(), failure.httpStatus(), failure.getMessage(), null,
                Certainty.REJECTED, failure.getCause()), true);
    }

    private static Outcome read(HttpResponse<byte[]> response, String action, boolean changes) {
        int status = response.statusCode();
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        String requestId = text(body, "RequestId");
        if (requestId == null) {
            requestId = response.headers().firstValue("x-acs-request-id").orElse(null);
        }
        if (status >= 200 && status < 300) {
            if (body != null && body.isObject() && requestId != null) {
                return new Outcome(new RpcAnswer(requestId, body), null, false);
            }
            // Every R-kvstore answer carries its RequestId: a success without one (an empty {} from a proxy or a
            // wrong endpoint) is no proof that a change was made.
            return serverFault(action, changes, new TdeApiException(INVALID_RESPONSE, 502, "the answer to " + action
                    + (body != null && body.isObject() ? " carries no RequestId" : " is not a JSON object"), requestId,
                    Certainty.IN_DOUBT, null));
        }
        String code = text(body, "Code");
        String message = text(body, "Message");
        if (code == null) {
            code = status >= 500 ? "InternalError" : "HttpStatus" + status;
            message = "status " + status + " without an error body";
        }
        if (requestId == null) {
            // R-kvstore answers some 400s so; the answer is final all the same, and the record says what it lacked.
            message = message + " (the answer carries no RequestId)";
        }
        if (code.startsWith("Throttling")) {
            return new Outcome(null, TdeApiException.rejected(code, status, message, requestId), true);
        }
        if (status >= 500) {
            return serverFault(action, changes,
                    new TdeApiException(code, status, message, requestId, Certainty.IN_DOUBT, null));
        }
        return new Outcome(null, TdeApiException.rejected(code, status, message, requestId), false);
    }

    /** The service failed: whether a change happened is unknown; a read may simply be asked again. */
    private static Outcome serverFault(String action, boolean changes, TdeApiException failure) {
        if (changes) {
            return new Outcome(null, failure, false);
        }
        return new Outcome(null, new TdeApiException(failure.code(), failure.httpStatus(), failure.getMessage(),
                failure.backendRequestId(), Certainty.REJECTED, null), true);
    }

    private long pauseMillis(int attempt) {
        return Math.min(maxBackoff.toMillis(), backoff.toMillis() << Math.min(20, attempt - 2));
    }

    private void pause(int attempt) throws TdeApiException {
        long millis = pauseMillis(attempt);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TdeApiException("SDK.Interrupted", TdeApiException.NO_RESPONSE_STATUS,
                    "interrupted before a retry", null, Certainty.REJECTED, e);
        }
    }

    static TdeApiException withCalls(TdeApiException e, List<BackendCall> calls) {
        return new TdeApiException(e.code(), e.httpStatus(), e.getMessage(), e.backendRequestId(), e.certainty(),
                e.getCause(), calls);
    }

    static String text(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
