package io.tdeguard.support;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tdeguard.signature.AccessKeySecret;
import io.tdeguard.signature.Acs3Headers;
import io.tdeguard.signature.Acs3Request;
import io.tdeguard.signature.Acs3Signer;

/**
 * Calls the function over HTTP signed exactly as the official Alibaba SDKs sign (ACS3-HMAC-SHA256), with hooks
 * to tamper with a request after signing, as an attacker would.
 */
public final class SignedClient {

    static final String API_VERSION = "2015-01-01";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SignedClient() {
    }

    /** A call whose body is this exact JSON text (for escapes a serializer would not write, such as lone surrogates). */
    public static Call callWithJson(Identity who, String action, String json) {
        return callWithBody(who, action, json.getBytes(StandardCharsets.UTF_8));
    }

    /** A call whose body is these exact bytes, signed as they are (x-acs-content-sha256 covers them), JSON or not. */
    public static Call callWithBody(Identity who, String action, byte[] body) {
        return new Call(who, action, body.clone());
    }

    public static Call call(Identity who, String action, Object body) {
        try {
            return new Call(who, action, JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + body, e);
        }
    }

    /** One request, signed when sent; its nonce is fixed when it is made, so a test can replay it. */
    public static final class Call {
        private final Identity who;
        private final String action;
        private final byte[] body;
        private final String nonce = Acs3Headers.randomNonce();
        private String path;
        private Instant signedAt;
        private String replacementNonce;
        private String sentBody;
        private String host;
        private String contentType = "application/json";
        private Consumer<Map<String, String>> tamper = headers -> {
        };

        Call(Identity who, String action, byte[] body) {
            this.who = who;
            this.action = action;
            this.body = body;
            this.path = "/" + action;
        }

        public String nonce() {
            return nonce;
        }

        public Call at(Instant instant) {
            signedAt = instant;
            return this;
        }

        public Call withNonce(String nonce) {
            replacementNonce = nonce;
            return this;
        }

        /** Sends another body than the one signed. */
        public Call sendingBody(String body) {
            sentBody = body;
            return this;
        }

        /** Sends to (and signs) another path than the one its x-acs-action names. */
        public Call toPath(String path) {
            this.path = path;
            return this;
        }

        /** Signs for this host and sends it as the Host header, as a client of another deployment would. */
        public Call forHost(String host) {
            this.host = host;
            return this;
        }

        /** Signs and sends this Content-Type instead of {@code application/json}. */
        public Call contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        /** Changes the headers (names in lower case, with authorization) after the signature was made. */
        public Call afterSigning(Consumer<Map<String, String>> tamper) {
            this.tamper = tamper;
            return this;
        }

        /** The headers to send (names in lower case, host and authorization included), signed now. */
        public Map<String, String> signedHeaders() {
            Instant now = signedAt == null ? Instant.now() : signedAt;
            String usedNonce = replacementNonce == null ? nonce : replacementNonce;
            Map<String, String> headers = new TreeMap<>(Acs3Headers.standard(action, API_VERSION)
                    .host(host == null ? "localhost:" + RestAssured.port : host).contentType(contentType)
                    .clock(Clock.fixed(now, ZoneOffset.UTC)).nonce(() -> usedNonce).build(body));
            Acs3Request request = Acs3Request.builder("POST", path).headers(headers).body(body).build();
            headers.put("authorization",
                    Acs3Signer.sign(request, who.accessKeyId(), AccessKeySecret.of(who.accessKeySecret())).authorization());
            tamper.accept(headers);
            return headers;
        }

        /** The path the call is sent to. */
        public String path() {
            return path;
        }

        /** The body as signed. */
        public byte[] body() {
            return body.clone();
        }

        public Response send() {
            Map<String, String> headers = signedHeaders();
            String sentHost = headers.remove("host");
            String sentContentType = headers.remove("content-type");
            return given()
                    .config(RestAssured.config().encoderConfig(
                            EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)
                                    // A form body is sent as the bytes signed, not encoded again from a map.
                                    .encodeContentTypeAs("application/x-www-form-urlencoded", ContentType.TEXT)))
                    .contentType(sentContentType)
                    .headers(headers)
                    .header("Host", sentHost)
                    .body(sentBody == null ? body : sentBody.getBytes(StandardCharsets.UTF_8))
                    .post(path);
        }
    }
}
