package io.tdeguard.function;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.tdeguard.api.ApiException;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.application.tde.DescribeInstanceTdeStatus;
import io.tdeguard.application.tde.ModifyInstanceTde;
import io.tdeguard.signature.Acs3Request;
import io.tdeguard.web.CurrentRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The OpenAPI-compatible front: the guarded R-kvstore operations served as Alibaba serves RPC operations, so that
 * an official SDK or the CLI calls them by changing only its endpoint. {@code POST /} (or {@code GET /}) names the
 * action in its signed {@code x-acs-action} header and carries the parameters in its query string; the answer is
 * the operation's JSON ({@code RequestId}, ...). The same use cases as the Funqy functions serve it, through the
 * same authentication (over the query as sent), permission check, approval and audit.
 */
@ApplicationScoped
public class OpenApiFront {

    private final ModifyInstanceTde modifyInstanceTde;
    private final DescribeInstanceTdeStatus describeInstanceTdeStatus;
    private final ObjectMapper json;
    private final CurrentRequest requests;
    private final long maxBodyBytes;

    OpenApiFront(ModifyInstanceTde modifyInstanceTde, DescribeInstanceTdeStatus describeInstanceTdeStatus,
            ObjectMapper json, CurrentRequest requests,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.modifyInstanceTde = modifyInstanceTde;
        this.describeInstanceTdeStatus = describeInstanceTdeStatus;
        this.json = json;
        this.requests = requests;
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    /** Before Funqy's own route, which would answer {@code /} with 404; after the RequestId route. */
    void install(@Observes Router router) {
        router.route("/").order(Integer.MIN_VALUE + 1).method(HttpMethod.POST).method(HttpMethod.GET)
                .handler(BodyHandler.create().setBodyLimit(maxBodyBytes))
                .blockingHandler(this::serve, false);
    }

    /** On a worker thread, in a request context of its own, as Funqy runs a function. */
    void serve(RoutingContext context) {
        ManagedContext requestContext = Arc.container().requestContext();
        requestContext.activate();
        try {
            Arc.container().instance(CurrentVertxRequest.class).get().setCurrent(context);
            String answer = json.writeValueAsString(dispatch(requests.facts(context), context.request().getHeader("x-acs-action"),
                    parameters(context.request().query())));
            context.response().putHeader("Content-Type", "application/json").end(answer);
        } catch (RuntimeException | JsonProcessingException e) {
            context.fail(e);
        } finally {
            requestContext.terminate();
        }
    }

    private Object dispatch(RequestFacts request, String action, Map<String, Object> parameters) {
        if (action == null || action.isEmpty()) {
            throw new ApiException("MissingParameter", 400,
                    "the x-acs-action header that names the action of a request to / is not supplied");
        }
        return switch (action) {
            case "ModifyInstanceTDE" -> modifyInstanceTde.handle(request, parameters);
            case "DescribeInstanceTDEStatus" -> describeInstanceTdeStatus.handle(request,
                    (String) parameters.get("InstanceId"), (String) parameters.get("RegionId"));
            default -> throw new ApiException("InvalidAction.NotFound", 404, "the specified action \"" + action
                    + "\" is not found: this endpoint serves ModifyInstanceTDE and DescribeInstanceTDEStatus");
        };
    }

    /** The query decoded exactly as the signature check decodes it; a repeated name is refused. */
    static Map<String, Object> parameters(String rawQuery) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        try {
            for (Acs3Request.QueryParameter parameter : Acs3Request.parseRawQuery(rawQuery)) {
                if (parameters.put(parameter.name(), parameter.value()) != null) {
                    throw ApiException.invalidParameter(parameter.name(), "it is given more than once");
                }
            }
        } catch (IllegalArgumentException e) {
            throw new ApiException("InvalidParameter", 400, "the query string is not well formed: " + e.getMessage());
        }
        return parameters;
    }
}
