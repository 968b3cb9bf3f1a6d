package io.tdeguard.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tdeguard.support.TrailSnapshot;

/**
 * What a flood of throttled unauthenticated refusals costs now that each 429 waits for its count to commit: unsigned
 * calls from loopback on several kept-alive connections, every one beyond a budget of 1, for a few seconds; prints the
 * 429s a second, their mean latency, and the flushes (transactions writing the counts table, from PostgreSQL's
 * statistics, so approximate) that carried them. Asserts nothing (not part of the suite: the name does not end in
 * Test):
 * <pre>
 *   ./mvnw -B -o test -Dtest=ThrottledFloodBenchmark -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.connections=8]
 * </pre>
 */
@QuarkusTest
@TestProfile(ThrottledFloodBenchmark.BudgetOfOne.class)
class ThrottledFloodBenchmark {

    static final int CONNECTIONS = Integer.getInteger("bench.connections", 8);
    static final long MILLIS = Long.getLong("bench.millis", 10_000);

    public static class BudgetOfOne implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tdeguard.auth.unauthenticated.capacity", "1");
        }
    }

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void floodOfThrottledRefusals() throws Exception {
        URI uri = URI.create("http://localhost:" + port + "/CreateUser");
        warmUp(uri, 1_000);
        long writesBefore = tableWrites();
        AtomicLong throttled = new AtomicLong();
        AtomicLong nanos = new AtomicLong();
        long start = System.nanoTime();
        long end = start + MILLIS * 1_000_000;
        ExecutorService connections = Executors.newFixedThreadPool(CONNECTIONS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            running.add(connections.submit(() -> {
                HttpClient client = HttpClient.newHttpClient();
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    if (send(client, uri) == 429) {
                        throttled.incrementAndGet();
                        nanos.addAndGet(System.nanoTime() - sent);
                    }
                }
                return null;
            }));
        }
        for (Future<?> connection : running) {
            connection.get();
        }
        connections.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        // PostgreSQL publishes a backend's table statistics within a second or so of its transactions.
        Thread.sleep(2_000);
        long flushes = tableWrites() - writesBefore;
        System.out.printf("throttled flood, %d connections, %.1f s: %d 429s = %.0f/s, mean %.2f ms; ~%d flushes"
                + " (%.1f 429s a flush); load average %.1f on %d cores%n", CONNECTIONS, seconds, throttled.get(),
                throttled.get() / seconds, nanos.get() / 1e6 / Math.max(1, throttled.get()), flushes,
                throttled.get() / (double) Math.max(1, flushes),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
    }

    /** Warms the path up. */
    private static void warmUp(URI uri, int calls) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < calls; i++) {
            send(client, uri);
        }
    }

    private static int send(HttpClient client, URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Rows inserted or updated in the counts table: one a flush, with a single source and code. */
    private long tableWrites() {
        return TrailSnapshot.number(dataSource, "SELECT COALESCE(sum(n_tup_ins + n_tup_upd), 0) FROM pg_stat_user_tables"
                + " WHERE relname = 'unauthenticated_refusal_count'");
    }
}
