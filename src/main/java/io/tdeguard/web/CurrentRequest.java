package io.tdeguard.web;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.tdeguard.api.ApiException;
import io.tdeguard.api.RequestFacts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads the facts of the HTTP request that the running function serves.
 *
 * <p>The source address and the transport come from forwarding headers only when the peer is a trusted proxy, as
 * Quarkus is configured: {@code quarkus.http.proxy.proxy-address-forwarding}, {@code .allow-x-forwarded},
 * {@code .allow-forwarded}, {@code .trusted-proxies}. The transport is Quarkus's resolved scheme (it honours
 * {@code X-Forwarded-Proto} or {@code Forwarded: proto=} from a trusted peer only); the address is the rightmost
 * untrusted hop of the forwarded chain ({@link TrustedProxies}), not Quarkus's leftmost, which a client behind an
 * appending proxy chooses itself.
 */
@ApplicationScoped
public class CurrentRequest {

    static final String REQUEST_ID = "tdeguard.request-id";
    private static final Pattern FORWARDED_FOR = Pattern.compile("(?i)(?:^|;)\\s*for=(\"[^\"]*\"|[^;,\\s]+)");
    private static final Logger LOG = Logger.getLogger(CurrentRequest.class);

    private final CurrentVertxRequest current;
    private final Clock clock;
    private final boolean forwarding;
    private final boolean allowForwarded;
    private final boolean allowXForwarded;
    private final TrustedProxies trustedProxies;

    CurrentRequest(CurrentVertxRequest current, Clock clock,
            @ConfigProperty(name = "quarkus.http.proxy.proxy-address-forwarding", defaultValue = "false") boolean forwarding,
            @ConfigProperty(name = "quarkus.http.proxy.allow-forwarded", defaultValue = "false") boolean allowForwarded,
            @ConfigProperty(name = "quarkus.http.proxy.allow-x-forwarded") Optional<Boolean> allowXForwarded,
            @ConfigProperty(name = "quarkus.http.proxy.trusted-proxies") Optional<List<String>> trustedProxies) {
        this.current = current;
        this.clock = clock;
        this.forwarding = forwarding;
        this.allowForwarded = allowForwarded;
        this.allowXForwarded = allowXForwarded.orElse(!allowForwarded);
        this.trustedProxies = forwarding ? TrustedProxies.of(trustedProxies) : TrustedProxies.NONE;
    }

    /** The facts of the request that the running function serves. */
    public RequestFacts facts() {
        return facts(current.getCurrent());
    }

    /** The facts of a request that a route of its own serves. */
    public RequestFacts facts(RoutingContext context) {
        HttpServerRequest request = context.request();
        Map<String, String> headers = new HashMap<>();
        Set<String> repeated = new TreeSet<>();
        request.headers().forEach(header -> {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (headers.putIfAbsent(name, header.getValue()) != null) {
                repeated.add(name);
            }
        });
        // The body as it came: FunctionBodies hands Funqy an empty one in place of a body it found unreadable.
        byte[] raw = context.get(FunctionBodies.RAW_BODY);
        Buffer body = context.body() == null ? null : context.body().buffer();
        String path = request.path();
        String rawQuery = request.query() == null ? "" : request.query();
        byte[] bytes = raw != null ? raw : body == null ? new byte[0] : body.getBytes();
        return new RequestFacts(
                requestId(context),
                action(path, headers, rawQuery, bytes),
                request.method().name(),
                path,
                rawQuery,
                Map.copyOf(headers),
                bytes,
                sourceIp(request),
                request.isSSL() || "https".equalsIgnoreCase(request.scheme()),
                headers.get("user-agent"),
                clock.instant(),
                repeated,
                context.get(FunctionBodies.UNREADABLE));
    }

    /** The client's address: the peer's, or the rightmost untrusted hop that trusted proxies forwarded. */
    private String sourceIp(HttpServerRequest request) {
        SocketAddress peer = request.connection() != null && request.connection().remoteAddress() != null
                ? request.connection().remoteAddress() : request.remoteAddress();
        if (peer == null) {
            return null;
        }
        String peerAddress = peer.hostAddress();
        if (!forwarding || !trustedProxies.trusts(peerAddress)) {
            return peerAddress;
        }
        List<String> chain = new ArrayList<>();
        List<String> forwarded = request.headers().getAll("Forwarded");
        if (allowForwarded && !forwarded.isEmpty()) {
            for (String value : forwarded) {
                for (String element : value.split(",")) {
                    Matcher matcher = FORWARDED_FOR.matcher(element.strip());
                    chain.add(matcher.find() ? matcher.group(1) : "unknown");
                }
            }
        } else if (allowXForwarded) {
            for (String value : request.headers().getAll("X-Forwarded-For")) {
                for (String hop : value.split(",")) {
                    chain.add(hop);
                }
            }
        }
        String client = trustedProxies.clientAddress(peerAddress, chain);
        LOG.debugf("peer %s forwarded %s: client %s", peerAddress, chain, client);
        return client;
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
