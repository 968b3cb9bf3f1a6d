package io.tdeguard.function;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.tdeguard.application.audit.AuditExport;
import io.tdeguard.web.CurrentRequest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * ExportAuditTrail: {@code POST /ExportAuditTrail} with a JSON body ({@code TreeSize}, optional), signed like every call, answering JSON Lines ({@code application/x-ndjson}) streamed as they are
 * read. A Funqy function answers one JSON document, so this one is a route of its own, ahead of Funqy's; it binds
 * the request like Funqy does and leaves everything else to {@link AuditExport}. Refusals before the first line are
 * the usual Alibaba-shaped errors; a failure after it ends the stream without its {@code end} line, which the
 * verifier reports as an incomplete export.
 */
@ApplicationScoped
public class ExportAuditTrailRoute {

    static final String PATH = "/ExportAuditTrail";
    /** After the body handler and web.FunctionBodies; no Funqy function's route has this path. */
    static final int ORDER = 5000;
    private static final int FLUSH_CHARS = 256 * 1024;
    private static final long WRITE_TIMEOUT_SECONDS = 120;
    private static final Logger LOG = Logger.getLogger(ExportAuditTrailRoute.class);
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final AuditExport export;
    private final ObjectMapper json;
    private final CurrentRequest requests;

    ExportAuditTrailRoute(AuditExport export, ObjectMapper json, CurrentRequest requests) {
        this.export = export;
        this.json = json;
        this.requests = requests;
    }

    void install(@Observes Router router) {
        router.route(HttpMethod.POST, PATH).order(ORDER).blockingHandler(this::handle, false);
    }

    void handle(RoutingContext context) {
        ManagedContext requestContext = Arc.container().requestContext();
        requestContext.activate();
        try {
            Arc.container().instance(CurrentVertxRequest.class).get().setCurrent(context);
            AuditExport.Plan plan = export.plan(requests.facts(context), members(context));
            HttpServerResponse response = context.response();
            response.setChunked(true).setStatusCode(200).putHeader("Content-Type", "application/x-ndjson; charset=utf-8");
            StringBuilder pending = new StringBuilder();
            export.write(plan, line -> {
                pending.append(line);
                if (pending.length() >= FLUSH_CHARS) {
                    send(response.write(Buffer.buffer(pending.toString(), StandardCharsets.UTF_8.name())));
                    pending.setLength(0);
                }
            });
            send(response.end(Buffer.buffer(pending.toString(), StandardCharsets.UTF_8.name())));
        } catch (RuntimeException e) {
            if (!context.response().headWritten()) {
                context.fail(e);
            } else {
                LOG.errorf(e, "the export of request %s broke off after it started", context.response().headers()
                        .get("x-acs-request-id"));
                context.response().reset();
            }
        } finally {
            requestContext.terminate();
        }
    }

    /**
     * The body's members as sent, bound strictly by the use case: a JSON object, or nothing. {@code web.FunctionBodies}
     * has read the body already, and emptied it when it is not one JSON object (the use case refuses that).
     */
    private Map<String, Object> members(RoutingContext context) {
        byte[] body = context.body() == null || context.body().buffer() == null ? new byte[0]
                : context.body().buffer().getBytes();
        if (body.length == 0) {
            return Map.of();
        }
        try {
            return json.readValue(body, JSON_OBJECT);
        } catch (IOException e) {
            throw new UncheckedIOException("a body read once as a JSON object could not be read again", e);
        }
    }

    /** Waits until the chunk is written, so that a slow reader slows the export instead of filling memory. */
    private static void send(Future<Void> written) {
        try {
            written.toCompletionStage().toCompletableFuture().get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while streaming the export", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the export could not be written to the caller", e);
        }
    }
}
