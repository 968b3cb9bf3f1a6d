package io.tdeguard.client;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.tdeguard.signature.AccessKeySecret;
import io.tdeguard.signature.Acs3SignedRequest;
import io.tdeguard.signature.Acs3Verifier;

class SignedCallTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T16:52:28Z"), ZoneOffset.UTC);
    private static final String NONCE = "0123456789abcdef0123456789abcdef";
    private static final String SECRET = "demoSecret0123456789abcdefABCDEF";
    private static final Credentials ADMIN =
            new Credentials("LTAI5tDemoAdmin", AccessKeySecret.of(SECRET), Optional.empty());

    private static SignedCall call(Credentials credentials, String... args) throws UsageException {
        AcsCallArguments arguments =
                AcsCallArguments.parse(List.of(args), Map.of(), Path.of("target/demo-identities.properties"));
        return SignedCall.build(arguments, credentials, CLOCK, () -> NONCE);
    }

    @Test
    void sendsTheSdkHeadersSignedWithTheAccessKey() throws UsageException {
        SignedCall call = call(ADMIN, "--endpoint", "http://127.0.0.1:8080", "CreateUser", "{\"UserName\":\"alice\"}");

        Map<String, String> headers = call.request().headers();
        assertEquals(URI.create("http://127.0.0.1:8080/CreateUser"), call.uri());
        assertEquals("POST", call.request().method());
        assertEquals("/CreateUser", call.request().path());
        assertEquals("{\"UserName\":\"alice\"}", new String(call.request().body(), StandardCharsets.UTF_8));
        assertEquals(List.of("authorization", "content-type", "host", "x-acs-action", "x-acs-content-sha256",
                "x-acs-date", "x-acs-signature-nonce", "x-acs-version"), List.copyOf(headers.keySet()));
        assertEquals("127.0.0.1:8080", headers.get("host"));
        assertEquals("application/json", headers.get("content-type"));
        assertEquals("CreateUser", headers.get("x-acs-action"));
        assertEquals("2015-01-01", headers.get("x-acs-version"));
        assertEquals("2026-11-28T16:52:28Z", headers.get("x-acs-date"));
        assertEquals(NONCE, headers.get("x-acs-signature-nonce"));
        assertEquals("5f3a81874ea813ea819b21a3610c95e1c23b780afffef37d83e4e7b776b59540", headers.get("x-acs-content-sha256"));
        assertTrue(headers.get("authorization").startsWith("ACS3-HMAC-SHA256 Credential=LTAI5tDemoAdmin,"
                + "SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;"
                + "x-acs-signature-nonce;x-acs-version,Signature="), headers.get("authorization"));
    }

    @Test
    void makesARequestThatTheVerifierAccepts() throws UsageException {
        SignedCall call = call(ADMIN, "CreateUser", "{\"UserName\":\"alice\"}");

        Acs3SignedRequest signed = Acs3Verifier.inspect(call.request());

        assertEquals("LTAI5tDemoAdmin", signed.accessKeyId());
        assertEquals(NONCE, signed.nonce());
        assertDoesNotThrow(() -> Acs3Verifier.verify(signed, AccessKeySecret.of(SECRET)));
    }

    @Test
    void signsTheSecurityTokenOfTemporaryCredentials() throws UsageException {
        Credentials sts = new Credentials("STS.NUgYrLnoC37mZZCNnAbez2", AccessKeySecret.of(SECRET), Optional.of("CAIS-token"));

        SignedCall call = call(sts, "CreateUser");

        Acs3SignedRequest signed = Acs3Verifier.inspect(call.request());
        assertTrue(signed.authorization().signedHeaders().contains("x-acs-security-token"));
        assertEquals(Optional.of("CAIS-token"), signed.securityToken());
        assertDoesNotThrow(() -> Acs3Verifier.verify(signed, AccessKeySecret.of(SECRET)));
    }

    @Test
    void signsTheHostHeaderThatHttpClientSends() {
        assertEquals("localhost:8080", SignedCall.hostHeader(URI.create("http://localhost:8080/A")));
        assertEquals("localhost", SignedCall.hostHeader(URI.create("http://localhost/A")));
        assertEquals("localhost", SignedCall.hostHeader(URI.create("http://localhost:80/A")));
        assertEquals("guard.example.com", SignedCall.hostHeader(URI.create("https://guard.example.com:443/A")));
        assertEquals("guard.example.com:8443", SignedCall.hostHeader(URI.create("https://guard.example.com:8443/A")));
        assertEquals("[::1]:8080", SignedCall.hostHeader(URI.create("http://[::1]:8080/A")));
    }

    @Test
    void leavesTheHostHeaderToHttpClient() throws UsageException {
        HttpRequest http = call(ADMIN, "CreateUser").toHttpRequest();

        assertEquals("POST", http.method());
        assertEquals(Optional.empty(), http.headers().firstValue("host"));
        assertEquals(Optional.of("CreateUser"), http.headers().firstValue("x-acs-action"));
        assertTrue(http.headers().firstValue("authorization").isPresent());
    }
}
