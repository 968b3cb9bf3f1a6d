package io.tdeguard.web;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tdeguard.api.ApiException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The one place where failures become responses: Alibaba-shaped JSON {@code {RequestId, Code, Message, Recommend?}}
 * with the error's HTTP status. A Java exception's message or stack trace never reaches a caller.
 */
@ApplicationScoped
public class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    static final int MAX_MESSAGE = 1024;

    private final ObjectMapper json;

    ErrorResponses(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            context.response().putHeader("x-acs-request-id", CurrentRequest.requestId(context));
            context.next();
        });
        router.route().failureHandler(this::respond);
        // Last of all routes: a path no function serves is an unknown action, in Alibaba's words.
        router.route().order(Integer.MAX_VALUE).handler(context -> context.fail(404));
    }

    void respond(RoutingContext context) {
        if (context.response().ended()) {
            return;
        }
        String requestId = CurrentRequest.requestId(context);
        ApiException error = toApiException(context.failure(), context.statusCode(), requestId);
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

    static ApiException toApiException(Throwable failure, int statusCode, String requestId) {
        // Funqy wraps what a function throws; the refusal is somewhere in the cause chain.
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiException api) {
                return api;
            }
        }
        if (failure != null) {
            LOG.errorf(failure, "request %s failed", requestId);
            return ApiException.internalError();
        }
        return switch (statusCode) {
            case 400 -> new ApiException("InvalidParameter", 400,
                    "the request body is not a JSON object of the parameters this action takes");
            case 404 -> new ApiException("InvalidAction.NotFound", 404,
                    "the specified action is not found: check the path, which names the action");
            case 405 -> new ApiException("UnsupportedHTTPMethod", 405,
                    "this action is called with POST (a JSON body) or GET (query parameters)");
            case 413 -> new ApiException("InvalidParameter", 413, "the request body is too large");
            default -> {
                LOG.errorf("request %s failed with status %d", requestId, statusCode);
                yield ApiException.internalError();
            }
        };
    }
}
