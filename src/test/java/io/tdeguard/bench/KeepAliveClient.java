package io.tdeguard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.RestAssured;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;

/**
 * Signed calls as {@link SignedClient} signs them, sent over one kept-alive HTTP/1.1 connection of the JDK's client,
 * as an SDK or a load generator sends them: rest-assured opens a connection and builds a Groovy request per call,
 * which would be measured with the function, and reads with a timeout that a long VerifyAuditTrail or export outlasts.
 * The benchmark's figures are taken with this client; it also prints the rest-assured floor.
 */
final class KeepAliveClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Sends the call signed by the administrator; its JSON answer, or an exception for a status other than 200. */
    JsonNode call(String action, Map<String, ?> members) {
        try {
            return JSON.readTree(send(action, members, HttpResponse.BodyHandlers.ofByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends the call and writes its answer to {@code file} (an export: no read timeout, however long it streams). */
    void callToFile(String action, Map<String, ?> members, Path file) {
        send(action, members, HttpResponse.BodyHandlers.ofFile(file));
    }

    private <T> T send(String action, Map<String, ?> members, HttpResponse.BodyHandler<T> body) {
        SignedClient.Call call = SignedClient.call(Identity.ADMIN, action, members);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                + call.path())).POST(HttpRequest.BodyPublishers.ofByteArray(call.body()));
        // the JDK sets Host itself, from the URI: the same localhost:port the signature names
        call.signedHeaders().forEach((name, value) -> {
            if (!name.equals("host")) {
                request.header(name, value);
            }
        });
        try {
            HttpResponse<T> response = http.send(request.build(), body);
            if (response.statusCode() != 200) {
                throw new IllegalStateException(action + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
