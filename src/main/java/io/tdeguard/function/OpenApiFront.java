package io.tdeguard.function;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

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
import io.tdeguard.application.Invocations;
import io.tdeguard.application.tde.ModifyInstanceTde;
import io.tdeguard.application.tde.ReadThrough;
import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.signature.RpcV1Parameters;
import io.tdeguard.web.CurrentRequest;
import io.tdeguard.web.RpcParameters;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The OpenAPI-compatible front: R-kvstore served as Alibaba serves RPC operations, so that the CLI, Terraform and the
 * SDKs (V3 and V1) call it by changing only their endpoint. {@code POST /} or {@code GET /} names the action in its
 * signed {@code x-acs-action} header (V3) or its {@code Action} parameter (V1), and carries the parameters in the
 * query string or an {@code application/x-www-form-urlencoded} body; the answer is R-kvstore's JSON
 * ({@code RequestId}, ...). ModifyInstanceTDE goes through the same use case as the Funqy function; the reads these
 * tools make around a change through {@link ReadThrough}; anything else is refused with the list of what is served.
 * Authentication (ACS3 or V1, over the parameters as sent) is the use cases' first step.
 */
@ApplicationScoped
public class OpenApiFront {

    /** The API version of R-kvstore, the only one served. */
    static final String VERSION = "2015-01-01";
    /** The service whose API this front serves, as the audit log names it. */
    static final String SERVICE = "kvstore";

    /** Parameters of the V1 signature and the protocol: checked by authentication, never an operation's. */
    static final List<String> PROTOCOL_PARAMETERS = List.of(RpcV1Parameters.ACTION, RpcV1Parameters.VERSION,
            RpcV1Parameters.FORMAT, RpcV1Parameters.ACCESS_KEY_ID, RpcV1Parameters.SIGNATURE,
            RpcV1Parameters.SIGNATURE_METHOD, RpcV1Parameters.SIGNATURE_VERSION, RpcV1Parameters.SIGNATURE_NONCE,
            RpcV1Parameters.TIMESTAMP, RpcV1Parameters.SIGNATURE_TYPE, RpcV1Parameters.SECURITY_TOKEN);

    private final ModifyInstanceTde modifyInstanceTde;
    private final ReadThrough reads;
    private final Invocations invocations;
    private final ObjectMapper json;
    private final CurrentRequest requests;
    private final long maxBodyBytes;

    OpenApiFront(ModifyInstanceTde modifyInstanceTde, ReadThrough reads, Invocations invocations, ObjectMapper json,
            CurrentRequest requests, @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.modifyInstanceTde = modifyInstanceTde;
        this.reads = reads;
        this.invocations = invocations;
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
            RequestFacts facts = requests.facts(context);
            Map<String, Object> parameters;
            try {
                parameters = operationParameters(facts);
            } catch (ApiException unreadable) {
                // Refused by the use case once the caller is authenticated, so that the attempt is recorded.
                facts = facts.withUnreadableParameters(unreadable);
                parameters = Map.of();
            }
            String answer = json.writeValueAsString(dispatch(facts, parameters));
            context.response().putHeader("Content-Type", "application/json").end(answer);
        } catch (RuntimeException | JsonProcessingException e) {
            context.fail(e);
        } finally {
            requestContext.terminate();
        }
    }

    private Object dispatch(RequestFacts request, Map<String, Object> parameters) {
        String action = request.action();
        if (action.isEmpty()) {
            throw invocations.refuse(request, SERVICE, EventRW.Write, parameters, new ApiException("MissingParameter",
                    400, "the action of a request to / is not supplied: name it in the x-acs-action header (V3 "
                            + "signature) or the Action parameter (V1 signature)"));
        }
        if (action.equals("ModifyInstanceTDE")) {
            return modifyInstanceTde.handle(request, parameters);
        }
        if (ReadThrough.ACTIONS.contains(action)) {
            return reads.handle(request, parameters);
        }
        // Refused once the caller is known, and recorded: a signed call for another write is an attempt to see.
        throw invocations.refuse(request, SERVICE, EventRW.Write, parameters, new ApiException("InvalidAction.NotFound",
                404, "the specified action \"" + action + "\" is not served by this endpoint, which guards TDE "
                        + "changes: it serves ModifyInstanceTDE and the reads " + String.join(", ", ReadThrough.ACTIONS)
                        + "; no other change of an instance is made through it"));
    }

    /**
     * The operation's parameters: those of the query and the form body but the protocol's. The protocol's must agree
     * with what is served: R-kvstore's version, a JSON answer, the action the request names.
     */
    static Map<String, Object> operationParameters(RequestFacts request) {
        SortedMap<String, String> all = RpcParameters.of(request);
        String format = all.get(RpcV1Parameters.FORMAT);
        if (format != null && !format.equalsIgnoreCase("JSON")) {
            throw ApiException.invalidParameter(RpcV1Parameters.FORMAT, "\"" + format
                    + "\" is not served: this endpoint answers JSON only (Format=JSON)");
        }
        String version = all.getOrDefault(RpcV1Parameters.VERSION, request.header("x-acs-version"));
        if (version != null && !version.equals(VERSION)) {
            throw new ApiException("InvalidVersion", 400, "the version \"" + version
                    + "\" is not served: this endpoint serves R-kvstore " + VERSION);
        }
        String action = all.get(RpcV1Parameters.ACTION);
        if (action != null && !action.equals(request.action())) {
            throw ApiException.invalidParameter(RpcV1Parameters.ACTION, "\"" + action
                    + "\" is not the action the x-acs-action header names, \"" + request.action() + "\"");
        }
        Map<String, Object> parameters = new LinkedHashMap<>(all);
        PROTOCOL_PARAMETERS.forEach(parameters::remove);
        return parameters;
    }
}
