package io.tdeguard.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tdeguard.api.ApiException;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.application.Invocations;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The one place where failures become responses: Alibaba-shaped JSON {@code {RequestId, Code, Message, Recommend?}}
 * with the error's HTTP status. A Java exception's message or stack trace never reaches a caller.
 *
 * <p>A function's use case records its own refusals. What the HTTP layer refuses before any function runs (a method
 * no function takes, 405; a body beyond {@code quarkus.http.limits.max-body-size}, 413; an {@code Expect} header other
 * than {@code 100-continue}, 417; the refusals of
 * {@link EarlyRefusals}) is recorded here, through the use case of unauthenticated refusals: no caller could be
 * authenticated yet.
 */
@ApplicationScoped
public class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    static final int MAX_MESSAGE = 1024;
    /** Marks a refusal made before any function ran, which nothing has recorded yet. */
    private static final String UNRECORDED = "tdeguard.unrecorded-refusal";

    private final ObjectMapper json;
    private final CurrentRequest request;
    private final Invocations invocations;

    ErrorResponses(ObjectMapper json, CurrentRequest request, Invocations invocations) {
        this.json = json;
        this.request = request;
        this.invocations = invocations;
    }

    /** Refuses the request before any function runs; the refusal is answered and recorded as unauthenticated. */
    static void refuseBeforeFunctions(RoutingContext context, ApiException refusal) {
        context.put(UNRECORDED, Boolean.TRUE);
        context.fail(refusal);
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            context.response().putHeader("x-acs-request-id", CurrentRequest.requestId(context));
            context.next();
        });
        // First of the failure handlers: routing a failure on matches the routes that have paths, and a path that
        // cannot be decoded (/%ZZ) would fail that matching before this handler is reached.
        router.route().order(Integer.MIN_VALUE).failureHandler(this::respond);
        // Last of all routes: a path no function serves is an unknown action, in Alibaba's words.
        router.route().order(Integer.MAX_VALUE).handler(context -> context.fail(404));
    }

    void respond(RoutingContext context) {
        if (context.response().ended()) {
            return;
        }
        String requestId = CurrentRequest.requestId(context);
        ApiException error = toApiException(context.failure(), context.statusCode(), requestId);
        if (!refusedBeforeFunctions(context)) {
            write(context, requestId, error);
            return;
        }
        RequestFacts facts = request.facts(context);
        // Recording, or counting beyond the budget, waits for the database: off the event loop, where the HTTP
        // layer's refusals are made. A count that could not be committed is answered with its 503.
        context.vertx().executeBlocking(() -> invocations.refuseUnauthenticated(facts, error), false)
                .onComplete(answer -> write(context, requestId, answer.succeeded() ? answer.result()
                        : Objects.requireNonNullElse(apiException(answer.cause()), error)));
    }

    /**
     * Whether nothing has recorded this failure: one of {@link #refuseBeforeFunctions}, or a status the HTTP layer set
     * without an error of ours (404 for a path no function serves, 405 from Funqy, 413 and 417 from the body handler):
     * each is an attempt too, recorded within the source's budget of unauthenticated refusals.
     */
    private static boolean refusedBeforeFunctions(RoutingContext context) {
        if (context.get(UNRECORDED) != null) {
            return true;
        }
        return apiException(context.failure()) == null
                && (context.statusCode() == 400 || context.statusCode() == 404 || context.statusCode() == 405
                        || context.statusCode() == 413 || context.statusCode() == 417);
    }

    private void write(RoutingContext context, String requestId, ApiException error) {
        if (context.response().ended()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("RequestId", requestId);
        body.put("Code", error.code());
        body.put("Message", message(error.getMessage()));
        if (error.recommend() != null) {
            body.put("Recommend", error.recommend());
        }
        body.putAll(error.details());
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            LOG.errorf(e, "could not write the error response of request %s", requestId);
            text = "{\"RequestId\":\"" + requestId + "\",\"Code\":\"InternalError\"}";
        }
        context.response().setStatusCode(error.httpStatus())
                .putHeader("Content-Type", "application/json")
                .end(text);
    }

    /** Messages quote what the caller sent; an answer need not echo kilobytes of it. */
    static String message(String message) {
        return message == null || message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "…";
    }

    /** Funqy wraps what a function throws; the refusal is somewhere in the cause chain, if anywhere. */
    private static ApiException apiException(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiException api) {
                return api;
            }
        }
        return null;
    }

    static ApiException toApiException(Throwable failure, int statusCode, String requestId) {
        ApiException api = apiException(failure);
        if (api != null) {
            return api;
        }
        return switch (statusCode) {
            case 400 -> new ApiException("InvalidParameter", 400,
                    "the request is not well formed: its query string or body does not carry the parameters of an action");
            case 404 -> new ApiException("InvalidAction.NotFound", 404,
                    "the specified action is not found: check the path, which names the action");
            case 405 -> new ApiException("UnsupportedHTTPMethod", 405,
                    "this action is called with POST (a JSON body) or GET (query parameters)");
            case 413 -> new ApiException("InvalidParameter", 413, "the request body is too large");
            case 417 -> new ApiException("InvalidParameter", 417,
                    "the Expect header asks for what this server does not do: only 100-continue is understood");
            default -> {
                LOG.errorf(failure, "request %s failed with status %d", requestId, statusCode);
                yield ApiException.internalError();
            }
        };
    }
}
