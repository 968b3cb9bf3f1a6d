package io.tdeguard.web;

import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.tdeguard.api.ApiException;
import io.tdeguard.api.RequestFacts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/** Reads the facts of the HTTP request that the running function serves. */
@ApplicationScoped
public class CurrentRequest {

    static final String REQUEST_ID = "tdeguard.request-id";

    private final CurrentVertxRequest current;
    private final Clock clock;

    CurrentRequest(CurrentVertxRequest current, Clock clock) {
        this.current = current;
        this.clock = clock;
    }

    /** The facts of the request that the running function serves. */
    public RequestFacts facts() {
        return facts(current.getCurrent());
    }

    /** The facts of a request that a route of its own serves. */
    public RequestFacts facts(RoutingContext context) {
        HttpServerRequest request = context.request();
        Map<String, String> headers = new HashMap<>();
        request.headers().forEach(header -> headers.putIfAbsent(header.getKey().toLowerCase(Locale.ROOT), header.getValue()));
        Buffer body = context.body() == null ? null : context.body().buffer();
        String path = request.path();
        String rawQuery = request.query() == null ? "" : request.query();
        byte[] bytes = body == null ? new byte[0] : body.getBytes();
        return new RequestFacts(
                requestId(context),
                action(path, headers, rawQuery, bytes),
                request.method().name(),
                path,
                rawQuery,
                Map.copyOf(headers),
                bytes,
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(),
                request.isSSL() || "https".equalsIgnoreCase(request.scheme()),
                headers.get("user-agent"),
                clock.instant());
    }

    /**
     * The facts of the request being served, or empty when none is (a call from a timer or a test, outside any
     * HTTP request).
     */
    public Optional<RequestFacts> current() {
        if (!Arc.container().requestContext().isActive() || current.getCurrent() == null) {
            return Optional.empty();
        }
        return Optional.of(facts());
    }

    /**
     * The function a request calls: named by its path ({@code POST /ModifyInstanceTDE}), or, on the OpenAPI-style
     * path {@code /} where the SDKs send RPC calls, by its {@code x-acs-action} header (V3 clients) or else by its
     * {@code Action} parameter, in the query or a form body (V1 clients: the CLI, Terraform, the V1 SDKs). Empty when
     * it names none, or when its parameters cannot be read (the RPC front then says why).
     */
    static String action(String path, Map<String, String> headers, String rawQuery, byte[] body) {
        if (!path.equals("/") && !path.isEmpty()) {
            return path.startsWith("/") ? path.substring(1) : path;
        }
        String header = headers.get("x-acs-action");
        if (header != null) {
            return header;
        }
        try {
            return RpcParameters.of(rawQuery, RequestFacts.formBody(headers.get("content-type"), body))
                    .getOrDefault("Action", "");
        } catch (ApiException e) {
            return "";
        }
    }

    /** The RequestId of a request: made once, then shared by its response, its error and its audit events. */
    static String requestId(RoutingContext context) {
        String id = context.get(REQUEST_ID);
        if (id == null) {
            id = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
            context.put(REQUEST_ID, id);
        }
        return id;
    }
}
