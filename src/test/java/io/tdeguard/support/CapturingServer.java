package io.tdeguard.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import io.tdeguard.signature.Acs3Request;

/**
 * A loopback HTTP server that records every request exactly as it arrived (method, raw path and query, headers,
 * body) and answers each with one fixed JSON body: to compare what two clients put on the wire.
 */
public final class CapturingServer implements AutoCloseable {

    /** A request as received; header names in lower case, the first value of each. */
    public record Captured(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body) {

        /** The request as the signature package sees it. */
        public Acs3Request toAcs3Request() {
            return Acs3Request.builder(method, rawPath).queryParameters(Acs3Request.parseRawQuery(rawQuery))
                    .headers(headers).body(body).build();
        }
    }

    private final HttpServer server;
    private final List<Captured> captured = new CopyOnWriteArrayList<>();
    private volatile String answer;

    public CapturingServer(String answer) throws IOException {
        this.answer = answer;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                Map<String, String> headers = new TreeMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
                captured.add(new Captured(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(), headers, body));
                byte[] bytes = this.answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        server.start();
    }

    public void answerWith(String json) {
        this.answer = json;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The requests received so far, and forgets them. */
    public List<Captured> take() {
        List<Captured> taken = List.copyOf(captured);
        captured.clear();
        return taken;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
