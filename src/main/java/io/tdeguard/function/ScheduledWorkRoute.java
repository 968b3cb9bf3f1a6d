package io.tdeguard.function;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.application.schedule.ScheduledWork;
import io.tdeguard.web.CurrentRequest;
import io.tdeguard.web.FunctionComputeRuntime;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Function Compute's event invocations of a custom container: {@code POST /invoke}, the event (here the timer
 * trigger's payload {@code {"Function":"RunScheduledWork","Token":"…"}}) as the body. Served on Function Compute
 * only (its environment says so); anywhere else the path is passed on, like any unknown function (404). What the
 * request shows about its origin goes to {@link ScheduledWork}, which decides and records.
 */
@ApplicationScoped
public class ScheduledWorkRoute {

    static final String PATH = "/invoke";
    private static final Set<String> MEMBERS = Set.of("Function", "Token");
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final ScheduledWork work;
    private final FunctionComputeRuntime functionCompute;
    private final CurrentRequest requests;
    private final ObjectMapper json;

    ScheduledWorkRoute(ScheduledWork work, FunctionComputeRuntime functionCompute, CurrentRequest requests,
            ObjectMapper json) {
        this.work = work;
        this.functionCompute = functionCompute;
        this.requests = requests;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route(HttpMethod.POST, PATH).order(ExportAuditTrailRoute.ORDER).blockingHandler(this::handle, false);
    }

    void handle(RoutingContext context) {
        if (!functionCompute.present()) {
            context.next();
            return;
        }
        ManagedContext requestContext = Arc.container().requestContext();
        requestContext.activate();
        try {
            Arc.container().instance(CurrentVertxRequest.class).get().setCurrent(context);
            RequestFacts facts = requests.facts(context);
            Map<String, Object> payload = payload(context);
            String controlPath = facts.header("x-fc-control-path");
            ScheduledWork.Result result = work.runFromTimer(facts, new ScheduledWork.TimerCall(
                    controlPath == null || controlPath.equals(PATH),
                    facts.header("x-fc-access-key-id") != null && facts.header("x-fc-access-key-secret") != null
                            && facts.header("x-fc-security-token") != null,
                    payload.get("Function") instanceof String function ? function : null,
                    payload.get("Token") instanceof String token ? token : null));
            context.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                    .putHeader("x-fc-status", "200").end(json.writeValueAsString(result));
        } catch (RuntimeException | IOException e) {
            context.fail(e);
        } finally {
            requestContext.terminate();
        }
    }

    /** The event as a JSON object of known members; anything else is an empty event, which is refused. */
    private Map<String, Object> payload(RoutingContext context) {
        byte[] body = context.body() == null || context.body().buffer() == null ? new byte[0]
                : context.body().buffer().getBytes();
        try {
            Map<String, Object> members = json.readValue(body, JSON_OBJECT);
            return members != null && MEMBERS.containsAll(members.keySet()) ? members : Map.of();
        } catch (IOException e) {
            return Map.of();
        }
    }
}
