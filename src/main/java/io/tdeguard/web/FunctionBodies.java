package io.tdeguard.web;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.tdeguard.api.ApiException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads the body of every {@code POST /<Function>} before Funqy does, strictly: exactly one JSON object, each member
 * named once, nothing after it. Funqy refuses a body it cannot parse before any function runs (no caller
 * authenticated, nothing recorded) and ignores what follows the object. So a body that is not readable is handed on
 * empty, for Funqy to pass no members, with the refusal beside it ({@code RequestFacts.unreadableParameters}, from
 * {@link CurrentRequest}, which keeps the body as it came for the signature): the function's use case authenticates
 * the caller and then refuses and records the request like every other refusal. A readable body goes on as it came,
 * for Funqy to bind with the same mapper.
 */
@ApplicationScoped
public class FunctionBodies {

    /**
     * After the body handler ({@code RouteConstants.ROUTE_ORDER_BODY_HANDLER}) and the upload limit, before Funqy's
     * routes (one per function, in the order they are added: 1, 2, …) and every other route of a function.
     */
    static final int ORDER = -1;
    static final String RAW_BODY = "tdeguard.raw-body";
    static final String UNREADABLE = "tdeguard.unreadable-body";
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final ObjectReader members;

    FunctionBodies(ObjectMapper json) {
        this.members = json.readerFor(JSON_OBJECT);
    }

    void install(@Observes Router router) {
        router.routeWithRegex(HttpMethod.POST, "/[^/]+").order(ORDER).handler(this::read);
    }

    void read(RoutingContext context) {
        Buffer body = context.body() == null ? null : context.body().buffer();
        if (body != null && body.length() > 0) {
            byte[] bytes = body.getBytes();
            unreadable(bytes).ifPresent(reason -> {
                context.put(RAW_BODY, bytes);
                context.put(UNREADABLE, new ApiException("InvalidParameter", 400,
                        "the request body is not a JSON object of the parameters this action takes: " + reason));
                context.setBody(Buffer.buffer());
            });
        }
        context.next();
    }

    /** Why {@code body} is not exactly one JSON object with distinct member names, or empty when it is. */
    Optional<String> unreadable(byte[] body) {
        try (JsonParser parser = members.createParser(body)) {
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            JsonToken first = parser.nextToken();
            if (first == null) {
                return Optional.of("it holds no JSON value");
            }
            if (first != JsonToken.START_OBJECT) {
                return Optional.of("it is a JSON " + kind(first) + ", not an object");
            }
            // Bound as Funqy binds it, so that whatever passes here Funqy reads too.
            members.readValue(parser);
            if (parser.nextToken() != null) {
                return Optional.of("data follows the JSON object" + at(parser.currentTokenLocation()));
            }
            return Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.of(e.getOriginalMessage() + at(e.getLocation()));
        } catch (IOException e) {
            // A byte sequence that is no character of the encoding detected (UTF-32 beyond U+10FFFF).
            return Optional.of("it is not text in a JSON encoding: " + e.getMessage());
        }
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> "value";
        };
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
