package io.tdeguard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tdeguard.audit.AuditTrail;
import io.tdeguard.audit.ConcurrentAppendAccess;

/**
 * Append throughput of the audit log: {@link AuditTrail#appendAlone} (one transaction per event: stored, tagged and
 * queued for the sequencer, no global lock) from 1 and from 8 concurrent writers. Prints, asserts nothing (not part of
 * the suite: the name does not end in Test). Part of the load benchmark, {@code deploy/bench/load}, which runs it on
 * the server of its pgbench anchor, in a database of its own:
 * <pre>
 *   ./mvnw -B -o -q test -Dtest=AppendBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *       -Dbench.jdbc-url=jdbc:postgresql://127.0.0.1:5432/DATABASE [-Dbench.username=postgres]
 * </pre>
 */
@QuarkusTest
@TestProfile(AppendBenchmark.BenchmarkDatabase.class)
class AppendBenchmark {

    /** The database named by {@code bench.jdbc-url}, migrated at start as in every test profile. */
    public static class BenchmarkDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String url = System.getProperty("bench.jdbc-url");
            if (url == null) {
                throw new IllegalStateException("-Dbench.jdbc-url=jdbc:postgresql://HOST:PORT/DATABASE names the "
                        + "benchmark's database (deploy/bench/load creates one)");
            }
            return Map.of("quarkus.datasource.jdbc.url", url,
                    "quarkus.datasource.username", System.getProperty("bench.username", "postgres"),
                    "quarkus.datasource.password", System.getProperty("bench.password", ""));
        }
    }

    @Inject
    AuditTrail trail;

    @Test
    void printFigures() throws Exception {
        appendThroughput(1, 500); // warm-up, not reported
        appendThroughput(8, 250);
        report(appendThroughput(1, 3_000), 1, 3_000);
        report(appendThroughput(8, 1_000), 8, 1_000);
    }

    /** Seconds {@code writers} threads take to append {@code each} events each, all started at once. */
    private double appendThroughput(int writers, int each) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < each; i++) {
                    trail.appendAlone(ConcurrentAppendAccess.event("bench", writer, i));
                }
                return null;
            }));
        }
        long started = System.nanoTime();
        start.countDown();
        for (Future<?> writer : done) {
            writer.get(10, TimeUnit.MINUTES);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        return seconds;
    }

    private static void report(double seconds, int writers, int each) {
        System.out.printf("[append-benchmark] append (stored, tagged, queued; one transaction each), %d writer(s) x "
                + "%,d events: %.2f s = %,.0f events/s%n", writers, each, seconds, writers * each / seconds);
    }
}
