package io.tdeguard.kvstore.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.tdeguard.kvstore.BackendCall;
import io.tdeguard.kvstore.ChangeDeadline;
import io.tdeguard.kvstore.TdeApiException;
import io.tdeguard.kvstore.TdeApiException.Certainty;
import io.tdeguard.signature.AccessKeySecret;
import io.tdeguard.signature.Acs3Headers;
import io.tdeguard.support.Deadlines;

/** The retry rules at the network's edge: what was surely not sent is retried, a change left unanswered never. */
class OpenApiClientTest {

    private static final OutboundCredentials CREDENTIALS =
            new OutboundCredentials("LTAIclientTest000001", AccessKeySecret.of("client-test-secret"), null);

    @Test
    void retriesEveryCallThatCouldNotConnectAndThenRefusesIt() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        List<BackendCall> log = new ArrayList<>();

        TdeApiException refused = assertThrows(TdeApiException.class, () -> client(3).call(
                URI.create("http://127.0.0.1:" + closedPort), "ModifyInstanceTDE",
                Map.of("InstanceId", "r-bp1zxszhcgatnx0001"), CREDENTIALS, Deadlines.unhurried(), log));

        assertEquals(Certainty.REJECTED, refused.certainty());
        assertEquals(OpenApiClient.SERVER_UNREACHABLE, refused.code());
        assertEquals(3, log.size());
        assertEquals(3, refused.calls().size());
        log.forEach(call -> assertNull(call.requestId()));
    }

    @Test
    void aChangeWithoutAnswerIsInDoubtAndNotRetried() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            List<BackendCall> log = new ArrayList<>();

            TdeApiException inDoubt = assertThrows(TdeApiException.class, () -> client(3).call(silent.uri(),
                    "ModifyInstanceTDE", Map.of("InstanceId", "r-bp1zxszhcgatnx0001"), CREDENTIALS, Deadlines.unhurried(), log));

            assertEquals(Certainty.IN_DOUBT, inDoubt.certainty());
            assertEquals(TdeApiException.READ_TIMEOUT, inDoubt.code());
            assertEquals(1, silent.connections.get());
            assertEquals(1, log.size());
        }
    }

    @Test
    void aChangeWhoseAnswerTricklesPastItsTimeoutsIsInDoubtNotSucceeded() throws Exception {
        // Headers at once, then the body a byte at a time for longer than connect + read timeout: the answer would be a
        // success, but it would end after the bound the reconciler waits for.
        String body = "{\"RequestId\":\"5B2E1E3C-TRICKLE\",\"TaskId\":\"1\"}";
        try (ServerSocket socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket client = socket.accept()) {
                    client.getInputStream().read(new byte[65536]);
                    var out = client.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                            + body.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    for (byte b : body.getBytes(StandardCharsets.US_ASCII)) {
                        Thread.sleep(250);
                        out.write(b);
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // the client gave up and closed the connection: what this test expects
                }
            });
            server.setDaemon(true);
            server.start();
            List<BackendCall> log = new ArrayList<>();

            TdeApiException inDoubt = assertThrows(TdeApiException.class, () -> client(3).call(
                    URI.create("http://127.0.0.1:" + socket.getLocalPort()), "ModifyInstanceTDE",
                    Map.of("InstanceId", "r-bp1zxszhcgatnx0001"), CREDENTIALS, Deadlines.unhurried(), log));

            assertEquals(Certainty.IN_DOUBT, inDoubt.certainty());
            assertEquals(TdeApiException.READ_TIMEOUT, inDoubt.code());
            assertEquals(1, log.size(), "a change in doubt is never sent again");
        }
    }

    @Test
    void aSuccessWithoutRequestIdIsNoProofThatAChangeWasMade() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", exchange -> {
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            List<BackendCall> log = new ArrayList<>();

            TdeApiException inDoubt = assertThrows(TdeApiException.class, () -> client(3).call(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "ModifyInstanceTDE",
                    Map.of("InstanceId", "r-bp1zxszhcgatnx0001"), CREDENTIALS, Deadlines.unhurried(), log));

            assertEquals(Certainty.IN_DOUBT, inDoubt.certainty());
            assertEquals("SDK.InvalidResponse", inDoubt.code());
            assertEquals(1, log.size(), "a change in doubt is never sent again");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aReadWithoutAnswerIsRetriedAndThenRefused() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            List<BackendCall> log = new ArrayList<>();

            TdeApiException refused = assertThrows(TdeApiException.class, () -> client(2).call(silent.uri(),
                    "DescribeInstanceTDEStatus", Map.of("InstanceId", "r-bp1zxszhcgatnx0001"), CREDENTIALS, null, log));

            assertEquals(Certainty.REJECTED, refused.certainty());
            assertEquals(2, silent.connections.get());
            assertEquals(2, log.size());
        }
    }

    @Test
    void anErrorAnswerWithoutRequestIdIsFinalNeverSentAgainAndSaysWhatItLacked() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "{\"Code\":\"InvalidParameter\",\"Message\":\"The specified parameter is not valid.\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            List<BackendCall> log = new ArrayList<>();

            TdeApiException refused = assertThrows(TdeApiException.class, () -> client(3).call(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "ModifyInstanceTDE",
                    Map.of("InstanceId", "r-bp1zxszhcgatnx0001"), CREDENTIALS, Deadlines.unhurried(), log));

            assertEquals(Certainty.REJECTED, refused.certainty());
            assertEquals("InvalidParameter", refused.code());
            assertEquals(400, refused.httpStatus());
            assertNull(refused.backendRequestId());
            assertTrue(refused.getMessage().endsWith("(the answer carries no RequestId)"), refused.getMessage());
            assertEquals(1, requests.get());
            assertEquals(List.of(new BackendCall("ModifyInstanceTDE", null)), refused.calls());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aChangeThatCannotEndByItsDeadlineIsNeverSentAndSurelyDidNotHappen() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            List<BackendCall> log = new ArrayList<>();
            // 5.3 s of timeouts per attempt (client(n)): a deadline 5 s away leaves no time for one.
            ChangeDeadline tooClose = new ChangeDeadline(Instant.now().plusSeconds(5), Clock.systemUTC());

            TdeApiException refused = assertThrows(TdeApiException.class, () -> client(3).call(silent.uri(),
                    "ModifyInstanceTDE", Map.of("InstanceId", "r-bp1zxszhcgatnx0001"), CREDENTIALS, tooClose, log));

            assertEquals(Certainty.REJECTED, refused.certainty());
            assertEquals(ChangeDeadline.PASSED, refused.code());
            assertEquals(0, silent.connections.get());
            assertEquals(List.of(), log);
        }
    }

    @Test
    void theLongestCallCountsEveryAttemptWithItsTimeoutsAndTheWaitsBetween() {
        // 3 attempts of 5 s to connect and 300 ms to answer, and waits of 10 ms then 20 ms (doubling, at most 20).
        assertEquals(Duration.ofMillis(3 * (5_000 + 300) + 10 + 20), client(3).longestCall());
        assertEquals(Duration.ofMillis(5_000 + 300), client(1).longestCall());
    }

    @Test
    void namesNoSecretWhenPrinted() {
        OutboundCredentials sts = new OutboundCredentials("STS.key", AccessKeySecret.of("the-secret"), "the-token");

        assertFalse(sts.toString().contains("the-secret"));
        assertFalse(sts.toString().contains("the-token"));
        assertTrue(sts.toString().contains("STS.key"));
    }

    /**
     * Connections get long (a fresh client's first connection, on a loaded machine, can take longer than half a second,
     * and a connect timeout is retried); answers get 300 ms.
     */
    private static OpenApiClient client(int attempts) {
        return new OpenApiClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1),
                Duration.ofMillis(5_000), Duration.ofMillis(300), attempts,
                Duration.ofMillis(10), Duration.ofMillis(20), Clock.systemUTC(), Acs3Headers::randomNonce);
    }

    /** Accepts connections, reads nothing and answers nothing: a service that went silent. */
    private static final class SilentServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        final AtomicInteger connections = new AtomicInteger();
        final List<Socket> accepted = new CopyOnWriteArrayList<>();
        final Thread acceptor;

        SilentServer() throws IOException {
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        accepted.add(socket.accept());
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        @Override
        public void close() throws Exception {
            socket.close();
            for (Socket s : accepted) {
                s.close();
            }
            acceptor.join(2000);
        }
    }
}
