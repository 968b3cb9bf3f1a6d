package io.tdeguard.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.tdeguard.api.ApiException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses, before any other route, a request that no function may see: a request URI that is not a URI (a malformed
 * percent escape such as {@code ?x=%ZZ}, a raw space or brace), and on Function Compute a credential header of the
 * platform sent twice ({@link FunctionComputeCredentials#refuseRepeated}). Each is answered {@code InvalidParameter}
 * (400, Alibaba's code for a parameter that is not valid; its gateway documents none of its own for a malformed query)
 * and recorded as an unauthenticated refusal ({@link ErrorResponses#refuseBeforeFunctions}).
 *
 * <p>Quarkus checks the URI the same way ({@code java.net.URI}) in front of every route, but answers an empty 400
 * that nothing records; the packaged entry point ({@code io.tdeguard.startup.TdeGuardMain}) turns that check off
 * ({@value #QUARKUS_URI_CHECK}) so that this one answers instead.
 */
@ApplicationScoped
public class EarlyRefusals {

    /** The system property that turns off Quarkus's own check of the request URI; read once, as the JVM starts. */
    public static final String QUARKUS_URI_CHECK = "vertx.disableURIValidation";

    private final FunctionComputeRuntime functionCompute;

    EarlyRefusals(FunctionComputeRuntime functionCompute) {
        this.functionCompute = functionCompute;
    }

    void install(@Observes Router router) {
        // Right after the route that names the RequestId (ErrorResponses), before the body is read.
        router.route().order(Integer.MIN_VALUE + 1).handler(this::screen);
    }

    void screen(RoutingContext context) {
        String uri = context.request().uri();
        try {
            new URI(uri);
        } catch (URISyntaxException e) {
            ErrorResponses.refuseBeforeFunctions(context, new ApiException("InvalidParameter", 400,
                    "the request URI is not well formed: " + e.getReason() + " at index " + e.getIndex()));
            return;
        }
        if (functionCompute.present()) {
            Set<String> repeated = FunctionComputeCredentials.CREDENTIAL_HEADERS.stream()
                    .filter(name -> context.request().headers().getAll(name).size() > 1).collect(Collectors.toSet());
            try {
                FunctionComputeCredentials.refuseRepeated(repeated, CurrentRequest.requestId(context));
            } catch (ApiException refusal) {
                ErrorResponses.refuseBeforeFunctions(context, refusal);
                return;
            }
        }
        context.next();
    }
}
