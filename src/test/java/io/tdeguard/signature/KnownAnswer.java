package io.tdeguard.signature;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The request captured from the official Alibaba Java SDK, {@code signature/acs3-known-answer.json}. */
record KnownAnswer(
        String accessKeyId,
        String accessKeySecret,
        String method,
        String path,
        String rawQueryAsSent,
        Map<String, String> headers,
        String body,
        String canonicalRequest,
        String stringToSign,
        String authorization) {

    static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode json() {
        return (ObjectNode) readResource("signature/acs3-known-answer.json");
    }

    static KnownAnswer load() {
        return from(json());
    }

    /** Reads the fields of a known answer, or of one mutated by a negative vector; a null field is absent. */
    static KnownAnswer from(JsonNode json) {
        Map<String, String> headers = new TreeMap<>();
        json.get("headers").fields().forEachRemaining(header -> headers.put(header.getKey(), header.getValue().asText()));
        return new KnownAnswer(
                text(json, "accessKeyId"),
                text(json, "accessKeySecret"),
                text(json, "method"),
                text(json, "path"),
                text(json, "rawQueryAsSent"),
                headers,
                text(json, "body"),
                text(json, "canonicalRequest"),
                text(json, "stringToSign"),
                text(json, "authorization"));
    }

    static JsonNode readResource(String name) {
        try (InputStream in = KnownAnswer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The request without its Authorization header, its query parsed from the raw query as sent. */
    Acs3Request unsignedRequest() {
        return Acs3Request.builder(method, path)
                .queryParameters(Acs3Request.parseRawQuery(rawQueryAsSent))
                .headers(headers)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /** The request as the server received it, with its Authorization header when there is one. */
    Acs3Request receivedRequest() {
        Acs3Request.Builder request = unsignedRequest().toBuilder();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }

    String signature() {
        return authorization.substring(authorization.indexOf("Signature=") + "Signature=".length());
    }

    AccessKeySecret secret() {
        return AccessKeySecret.of(accessKeySecret);
    }
}
