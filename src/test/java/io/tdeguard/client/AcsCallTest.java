package io.tdeguard.client;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.tdeguard.signature.AccessKeySecret;
import io.tdeguard.signature.Acs3Headers;
import io.tdeguard.signature.Acs3Request;
import io.tdeguard.signature.Acs3SignedRequest;
import io.tdeguard.signature.Acs3Verifier;
import io.tdeguard.signature.SignatureException;

/**
 * acs-call end to end: a real HTTP call to a server on 127.0.0.1 that verifies it with {@link Acs3Verifier}, as
 * TDE Guard does, and answers in Alibaba's shape.
 */
class AcsCallTest {

    private static final String ACCESS_KEY_ID = "LTAI5tDemoAdmin";
    private static final String SECRET = "demoSecret0123456789abcdefABCDEF";

    @TempDir
    Path directory;

    private HttpServer server;
    private final AtomicReference<Acs3SignedRequest> verified = new AtomicReference<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private int deniedStatus;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::verifyAndAnswer);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void verifyAndAnswer(HttpExchange exchange) throws IOException {
        try (exchange) {
            int status;
            String body;
            try {
                Acs3SignedRequest signed = Acs3Verifier.inspect(received(exchange));
                Acs3Verifier.verify(signed, AccessKeySecret.of(SECRET));
                verified.set(signed);
                status = deniedStatus == 0 ? 200 : deniedStatus;
                body = status == 200
                        ? "{\"RequestId\":\"r-1\",\"UserName\":\"alice\"}"
                        : "{\"RequestId\":\"r-1\",\"Code\":\"Forbidden.RAM\",\"Message\":\"no statement allows\"}";
            } catch (SignatureException e) {
                status = e.httpStatus();
                body = "{\"RequestId\":\"r-1\",\"Code\":\"" + e.code() + "\",\"Message\":\"" + e.getMessage() + "\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private static Acs3Request received(HttpExchange exchange) throws IOException {
        Acs3Request.Builder request = Acs3Request.builder(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath())
                .queryParameters(Acs3Request.parseRawQuery(exchange.getRequestURI().getRawQuery()))
                .body(exchange.getRequestBody().readAllBytes());
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (values.size() != 1) {
                throw new IllegalStateException("header '" + name + "' sent " + values.size() + " times");
            }
            request.header(name, values.get(0));
        });
        return request.build();
    }

    private String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private int run(Map<String, String> environment, String... args) {
        AcsCall call = new AcsCall(environment, directory.resolve("demo-identities.properties"), Clock.systemUTC(),
                Acs3Headers::randomNonce, AcsCall.httpClient(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return call.run(List.of(args));
    }

    private static Map<String, String> credentialsEnvironment(String secret) {
        Map<String, String> environment = new HashMap<>();
        environment.put("ALIBABA_CLOUD_ACCESS_KEY_ID", ACCESS_KEY_ID);
        environment.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret);
        return environment;
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private void assertNeverPrintedTheSecret() {
        assertFalse(stdout().contains(SECRET), "stdout shows the secret");
        assertFalse(stderr().contains(SECRET), "stderr shows the secret");
    }

    @Test
    void sendsACallThatTheServerVerifies() {
        int status = run(credentialsEnvironment(SECRET), "--endpoint", endpoint(), "CreateUser", "{\"UserName\":\"alice\"}");

        assertAll(
                () -> assertEquals(AcsCall.OK, status, stderr()),
                () -> assertEquals("{\"RequestId\":\"r-1\",\"UserName\":\"alice\"}\n", stdout()),
                () -> assertEquals("", stderr()),
                () -> assertEquals(ACCESS_KEY_ID, verified.get().accessKeyId()),
                () -> assertEquals("/CreateUser", verified.get().request().path()),
                () -> assertEquals("{\"UserName\":\"alice\"}",
                        new String(verified.get().request().body(), StandardCharsets.UTF_8)),
                this::assertNeverPrintedTheSecret);
    }

    @Test
    void signsAsANamedIdentityOfTheIdentitiesFile() throws IOException {
        Files.writeString(directory.resolve("demo-identities.properties"), """
                admin.UserName=admin
                admin.AccessKeyId=%s
                admin.AccessKeySecret=%s
                """.formatted(ACCESS_KEY_ID, SECRET));

        int status = run(Map.of("TDEGUARD_ENDPOINT", endpoint()), "--as", "admin", "LookupEvents");

        assertEquals(AcsCall.OK, status, stderr());
        assertEquals("{}", new String(verified.get().request().body(), StandardCharsets.UTF_8));
        assertNeverPrintedTheSecret();
    }

    @Test
    void printsTheErrorBodyAndStatusOfARefusedCall() {
        deniedStatus = 403;

        int status = run(credentialsEnvironment(SECRET), "--endpoint", endpoint(), "CreateUser");

        assertEquals(AcsCall.HTTP_ERROR, status);
        assertEquals("{\"RequestId\":\"r-1\",\"Code\":\"Forbidden.RAM\",\"Message\":\"no statement allows\"}\n", stdout());
        assertEquals("HTTP 403\n", stderr());
    }

    @Test
    void isRefusedWhenSigningWithAnotherSecret() {
        String wrongSecret = "wrongSecret0123456789abcdefABCDE";

        int status = run(credentialsEnvironment(wrongSecret), "--endpoint", endpoint(), "CreateUser");

        assertEquals(AcsCall.HTTP_ERROR, status);
        assertTrue(stdout().contains("\"Code\":\"SignatureDoesNotMatch\""), stdout());
        assertFalse(stdout().contains(wrongSecret) || stderr().contains(wrongSecret));
    }

    @Test
    void exitsWithUsageOnACommandLineThatMakesNoCall() {
        int status = run(credentialsEnvironment(SECRET), "--endpoint", endpoint());

        assertEquals(AcsCall.USAGE_ERROR, status);
        assertTrue(stderr().startsWith("acs-call: missing Action\nusage: acs-call"), stderr());
        assertEquals("", stdout());
        assertEquals(null, verified.get());
    }

    @Test
    void exitsWithUsageWithoutCredentials() {
        int status = run(Map.of(), "--endpoint", endpoint(), "CreateUser");

        assertEquals(AcsCall.USAGE_ERROR, status);
        assertTrue(stderr().contains("ALIBABA_CLOUD_ACCESS_KEY_ID"), stderr());
    }

    @Test
    void printsUsageOnHelp() {
        assertEquals(AcsCall.OK, run(Map.of(), "--help"));
        assertTrue(stdout().startsWith("usage: acs-call [--endpoint URL] [--as NAME] [--identities FILE] Action [JSON]"));
    }

    @Test
    void failsWhenTheEndpointCannotBeReached() {
        String unreachable = endpoint();
        server.stop(0);

        int status = run(credentialsEnvironment(SECRET), "--endpoint", unreachable, "CreateUser");

        assertEquals(AcsCall.HTTP_ERROR, status);
        assertTrue(stderr().startsWith("acs-call: cannot call " + unreachable + "/CreateUser: "), stderr());
        assertNeverPrintedTheSecret();
    }
}
