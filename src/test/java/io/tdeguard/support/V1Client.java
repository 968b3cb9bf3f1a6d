package io.tdeguard.support;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tdeguard.signature.AccessKeySecret;
import io.tdeguard.signature.RpcV1Parameters;
import io.tdeguard.signature.RpcV1Request;
import io.tdeguard.signature.RpcV1Signer;

/**
 * Calls the RPC front signed with the V1 signature as the CLI and Terraform sign (all parameters in the query of a
 * GET), or as the V1 SDKs sign a body-style operation (a POST whose parameters are a form body), with hooks to tamper
 * with the parameters after signing.
 */
public final class V1Client {

    private V1Client() {
    }

    public static Call call(Identity who, String action, Map<String, String> parameters) {
        return new Call(who, action, parameters);
    }

    /** One request, signed when sent; its nonce is fixed when it is made, so a test can replay it. */
    public static final class Call {
        private final Identity who;
        private final String action;
        private final Map<String, String> parameters;
        private final String nonce = RpcV1Parameters.randomNonce();
        private Instant signedAt;
        private boolean formBody;
        private String jsonBody;
        private Consumer<Map<String, String>> tamper = parameters -> {
        };

        Call(Identity who, String action, Map<String, String> parameters) {
            this.who = who;
            this.action = action;
            this.parameters = parameters;
        }

        public Call at(Instant instant) {
            signedAt = instant;
            return this;
        }

        /** A POST with the parameters in an {@code application/x-www-form-urlencoded} body, instead of a GET. */
        public Call asFormBody() {
            formBody = true;
            return this;
        }

        /** A POST with the parameters in the query and this JSON body, which the V1 signature does not cover. */
        public Call withJsonBody(String json) {
            jsonBody = json;
            return this;
        }

        /** Changes the parameters (with {@code Signature}) after the signature was made. */
        public Call afterSigning(Consumer<Map<String, String>> tamper) {
            this.tamper = tamper;
            return this;
        }

        public Response send() {
            Map<String, String> all = new TreeMap<>(RpcV1Parameters.standard(action, "2015-01-01")
                    .accessKeyId(who.accessKeyId()).regionId("cn-hangzhou")
                    .clock(Clock.fixed(signedAt == null ? Instant.now() : signedAt, ZoneOffset.UTC))
                    .nonce(() -> nonce).build());
            all.putAll(parameters);
            Map<String, String> signed = new TreeMap<>(RpcV1Signer.sign(RpcV1Request.of(formBody || jsonBody != null ? "POST" : "GET", all),
                    AccessKeySecret.of(who.accessKeySecret())).signedRequest().parameters());
            tamper.accept(signed);
            String encoded = RpcV1Request.encode(signed);
            if (jsonBody != null) {
                return given().urlEncodingEnabled(false).contentType("application/json").body(jsonBody)
                        .post("/?" + encoded);
            }
            if (!formBody) {
                return given().urlEncodingEnabled(false).get("/?" + encoded);
            }
            return given()
                    .config(RestAssured.config().encoderConfig(
                            EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)
                                .encodeContentTypeAs("application/x-www-form-urlencoded", ContentType.TEXT)))
                    .contentType("application/x-www-form-urlencoded")
                    .body(encoded.getBytes(StandardCharsets.UTF_8))
                    .post("/");
        }
    }
}
