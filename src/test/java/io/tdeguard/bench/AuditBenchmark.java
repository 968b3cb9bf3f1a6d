package io.tdeguard.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.tdeguard.audit.AuditKeys;
import io.tdeguard.audit.LogSequencer;
import io.tdeguard.audit.offline.VerifyExportRunner;
import io.tdeguard.support.FreshDatabase;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;

/**
 * Figures of the audit log v2; prints them and asserts nothing (not part of the suite: the name does not end in
 * Test). Runs against a database of its own ({@link FreshDatabase}):
 * <pre>
 *   ./mvnw -B -q test -Dtest=AuditBenchmark -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.events=1000000]
 * </pre>
 * 1. N tagged events stored (bulk, as the append stores them) and integrated by the sequencer; 2. VerifyAuditTrail
 * over all of them, and the offline verifier on their export (a speed only from a run that answered Verified); 3. the
 * floor of one signed call (a trivial function) and GetAuditInclusionProof and LookupEvents latency: signed HTTP calls
 * end to end through one kept-alive connection after a warm-up, with the server's own mean time beside them.
 * {@code -Dbench.profile=cpu} (or {@code wall}) also writes a flame graph of each section ({@link SectionProfiler}).
 * The anchor (pgbench), append throughput and the request path's figures are the load benchmark's,
 * {@code deploy/bench/load}.
 */
@QuarkusTest
@TestProfile(FreshDatabase.class)
class AuditBenchmark {

    static final int EVENTS = Integer.getInteger("bench.events", 1_000_000);
    static final int BULK = 10_000;
    /** Latency figures: calls before measuring (the JIT compiles the path), and calls measured. */
    static final int WARM_UP = 300;
    static final int CALLS = 1_000;
    static final int LOOKUP_WARM_UP = 20;
    static final int LOOKUP_CALLS = 50;

    @Inject
    AuditKeys keys;

    @Inject
    LogSequencer sequencer;

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry registry;

    private final KeepAliveClient client = new KeepAliveClient();

    @Test
    void printFigures() throws Exception {
        report("PostgreSQL " + scalar("SHOW server_version") + ", " + Runtime.getRuntime().availableProcessors()
                + " cores seen by the JVM");

        long started = System.nanoTime();
        bulkStore(EVENTS);
        report("bulk store of %,d tagged events (not a figure of the function): %.1f s", EVENTS, seconds(started));
        execute("ANALYZE audit_event");
        execute("ANALYZE audit_pending");

        started = System.nanoTime();
        long size = SectionProfiler.profile("sequencer", sequencer::integrateAll);
        double sequencerSeconds = seconds(started);
        report("sequencer integration of %,d events (tags checked, tiles and a signed checkpoint per batch of %,d): "
                + "%.1f s = %,.0f events/s -> tree size %,d", EVENTS, batchSize(), sequencerSeconds,
                EVENTS / sequencerSeconds, size);
        execute("ANALYZE");

        started = System.nanoTime();
        long cpu = jvmCpuNanos();
        JsonNode verified = SectionProfiler.profile("verify", () -> client.call("VerifyAuditTrail", Map.of()));
        double verifySeconds = seconds(started);
        if (verified.path("Verified").asBoolean(false)) {
            report("VerifyAuditTrail over %,d leaves: %.1f s = %,.0f events/s (Verified=true, CheckedCheckpoints=%s; "
                    + "%s)", size, verifySeconds, size / verifySeconds, verified.path("CheckedCheckpoints"),
                    machine(cpu, size));
        } else {
            report("VerifyAuditTrail answered Verified=false (%s: %s): no figure", verified.path("Reason"),
                    verified.path("ReasonDetail"));
        }

        Path export = Files.createTempFile("audit-export", ".jsonl");
        started = System.nanoTime();
        client.callToFile("ExportAuditTrail", Map.of(), export);
        report("ExportAuditTrail of %,d leaves: %.1f s, %,d MB", size, seconds(started), Files.size(export) >> 20);
        Path kept = Files.createTempFile("kept", ".json");
        Files.write(kept, call("GetAuditCheckpoint", Map.of()).asByteArray());
        String noteKey = call("DescribeAuditPublicKey", Map.of()).path("NoteVerifierKey");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        started = System.nanoTime();
        cpu = jvmCpuNanos();
        int status = SectionProfiler.profile("offline", () -> VerifyExportRunner.run(new PrintStream(out, true,
                StandardCharsets.UTF_8), "--note-key", noteKey, "--checkpoints", kept.toString(), export.toString()));
        double offlineSeconds = seconds(started);
        if (status == 0) {
            report("offline verify-audit-export of %,d leaves: %.1f s = %,.0f events/s (exit 0, verified; %s)", size,
                    offlineSeconds, size / offlineSeconds, machine(cpu, size));
        } else {
            report("offline verify-audit-export exited %d: no figure%n%s", status, out.toString(StandardCharsets.UTF_8));
        }
        Files.delete(export);
        Files.delete(kept);

        floorLatency();
        SectionProfiler.profile("proof", () -> {
            proofLatency(size);
            return null;
        });
        SectionProfiler.profile("lookup", () -> {
            lookupLatency();
            return null;
        });
    }

    private int batchSize() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("tdeguard.audit.sequencer.batch", Integer.class);
    }

    /**
     * The floor of one signed round trip: DescribeAuditPublicKey answers from configuration, so its time is the
     * client, HTTP, authentication (AccessKey read, nonce spent), the RAM check and the audit event of every call.
     */
    private void floorLatency() {
        for (int i = 0; i < WARM_UP; i++) {
            client.call("DescribeAuditPublicKey", Map.of());
            call("DescribeAuditPublicKey", Map.of());
        }
        List<Double> keptAlive = timed(CALLS, () -> client.call("DescribeAuditPublicKey", Map.of()));
        List<Double> restAssured = timed(CALLS, () -> call("DescribeAuditPublicKey", Map.of()));
        report("floor: DescribeAuditPublicKey, signed, kept-alive JDK client: median %.1f ms, p99 %.1f ms; "
                + "rest-assured (a connection per call): median %.1f ms, p99 %.1f ms", percentile(keptAlive, 50),
                percentile(keptAlive, 99), percentile(restAssured, 50), percentile(restAssured, 99));
    }

    private void proofLatency(long size) {
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < WARM_UP; i++) {
            client.call("GetAuditInclusionProof", Map.of("LeafIndex", random.nextLong(size)));
        }
        ServerTime server = new ServerTime("/GetAuditInclusionProof");
        List<Double> millis = timed(CALLS, () -> client.call("GetAuditInclusionProof",
                Map.of("LeafIndex", random.nextLong(size))));
        report("GetAuditInclusionProof at tree size %,d (signed HTTP, end to end, %,d calls after %,d): median %.1f ms, "
                + "p99 %.1f ms; in the server (HTTP in to out): %s", size, CALLS, WARM_UP, percentile(millis, 50),
                percentile(millis, 99), server.since());
    }

    /** The time the server spent on the calls to one path since this was made, from its http.server.requests timer. */
    private final class ServerTime {
        private final String uri;
        private final long count;
        private final double totalMillis;

        ServerTime(String uri) {
            this.uri = uri;
            Timer timer = timer();
            count = timer == null ? 0 : timer.count();
            totalMillis = timer == null ? 0 : timer.totalTime(TimeUnit.MILLISECONDS);
        }

        private Timer timer() {
            return registry.find("http.server.requests").tag("uri", uri).timer();
        }

        String since() {
            Timer timer = timer();
            if (timer == null || timer.count() == count) {
                return "not measured (no http.server.requests timer for " + uri + ")";
            }
            return String.format("mean %.1f ms", (timer.totalTime(TimeUnit.MILLISECONDS) - totalMillis)
                    / (timer.count() - count));
        }
    }

    private static List<Double> timed(int calls, Runnable call) {
        List<Double> millis = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
            long started = System.nanoTime();
            call.run();
            millis.add((System.nanoTime() - started) / 1e6);
        }
        millis.sort(Double::compare);
        return millis;
    }

    /** The p-th percentile of sorted values (nearest rank). */
    private static double percentile(List<Double> sorted, int p) {
        return sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /**
     * Stores {@code count} events as the append does (canonical body, tag under the function's key, queued), in
     * batches of multi-row inserts, spread over the last 30 days. Not a figure of the function: it fills the log.
     */
    private void bulkStore(int count) throws Exception {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(30, ChronoUnit.DAYS);
        long step = 30L * 24 * 3600 * 1000 / count;
        String[] names = {"ModifyInstanceTDE", "DescribeInstanceTDEStatus", "CreateApproval", "ApproveApproval",
            "DescribeApproval", "LookupEvents", "CreateUser", "AttachPolicyToUser"};
        try (Connection connection = dataSource.getConnection(); java.sql.PreparedStatement insert =
                connection.prepareStatement("""
                        WITH e AS (INSERT INTO audit_event (event_id, event_time, event_name, phase, outcome, request_id,
                            user_name, instance_id, approval_id, body, tag, tag_key_id)
                        SELECT * FROM unnest(CAST(? AS uuid[]), CAST(? AS timestamptz[]), CAST(? AS text[]),
                            CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),
                            CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]))
                        RETURNING seq) INSERT INTO audit_pending SELECT seq FROM e""")) {
            for (int from = 1; from <= count; from += BULK) {
                int n = Math.min(BULK, count - from + 1);
                String[][] columns = new String[12][n];
                for (int k = 0; k < n; k++) {
                    int i = from + k;
                    int kind = i % 100;
                    String instance = "r-bench" + String.format("%010d", i % 1000);
                    String principal = "user-" + (i % 50);
                    String name = names[i % 8];
                    String outcome = kind < 80 ? "Succeeded" : kind < 95 ? "Denied" : kind < 98 ? "Failed"
                            : kind < 99 ? "Allowed" : "InDoubt";
                    String phase = outcome.equals("Allowed") ? "intent" : outcome.equals("InDoubt") ? "outcome" : "single";
                    String approval = phase.equals("single") ? null : "apv-bench" + i;
                    String request = "BENCH-" + String.format("%012d", i);
                    String eventId = java.util.UUID.nameUUIDFromBytes(("bench" + i).getBytes(StandardCharsets.UTF_8))
                            .toString();
                    String time = t0.plusMillis(step * i).toString();
                    Map<String, Object> body = new java.util.LinkedHashMap<>();
                    body.put("eventId", eventId);
                    body.put("eventVersion", "2");
                    body.put("eventTime", time);
                    body.put("eventName", name);
                    body.put("eventType", "ApiCall");
                    body.put("eventRW", "Write");
                    body.put("serviceName", "kvstore");
                    body.put("acsRegion", "cn-hangzhou");
                    body.put("requestId", request);
                    body.put("sourceIpAddress", "203.0.113.7");
                    body.put("userAgent", "bench");
                    body.put("userIdentity", Map.of("type", "ram-user", "accountId", "1234567890123456",
                            "accessKeyId", "LTAIbench", "userName", principal));
                    body.put("resourceName", "acs:kvstore:cn-hangzhou:1234567890123456:instance/" + instance);
                    body.put("instanceId", instance);
                    body.put("requestParameters", Map.of("InstanceId", instance, "TDEStatus", "Enabled"));
                    body.put("phase", phase);
                    body.put("outcome", outcome);
                    body.put("approvalId", approval);
                    String text = io.tdeguard.json.CanonicalJson.write(body);
                    AuditKeys.Tag tag = keys.tag(text.getBytes(StandardCharsets.UTF_8));
                    String[] row = {eventId, time, name, phase, outcome, request, principal, instance, approval, text,
                        tag.value(), tag.keyId()};
                    for (int c = 0; c < row.length; c++) {
                        columns[c][k] = row[c];
                    }
                }
                for (int c = 0; c < columns.length; c++) {
                    insert.setArray(c + 1, connection.createArrayOf("text", columns[c]));
                }
                insert.executeUpdate();
            }
        }
    }

    private void lookupLatency() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String month = now.minus(30, ChronoUnit.DAYS).toString();
        String day = now.minus(1, ChronoUnit.DAYS).toString();
        String end = now.plus(1, ChronoUnit.MINUTES).toString();
        Map<String, Map<String, Object>> queries = new java.util.LinkedHashMap<>();
        queries.put("last 24 h, no filter, 50 results", Map.of("StartTime", day, "EndTime", end));
        queries.put("30 days, no filter, 100 results", Map.of("StartTime", month, "EndTime", end, "MaxResults", 100));
        queries.put("30 days, InstanceId", Map.of("StartTime", month, "EndTime", end, "InstanceId", "r-bench0000000417"));
        queries.put("30 days, Principal", Map.of("StartTime", month, "EndTime", end, "Principal", "user-7"));
        queries.put("30 days, EventName + Outcome=Failed", Map.of("StartTime", month, "EndTime", end,
                "EventName", "ModifyInstanceTDE", "Outcome", "Failed"));
        queries.put("30 days, Outcome=InDoubt", Map.of("StartTime", month, "EndTime", end, "Outcome", "InDoubt"));
        queries.put("30 days, ApprovalId", Map.of("StartTime", month, "EndTime", end, "ApprovalId", "apv-bench500098"));
        queries.put("30 days, RequestId", Map.of("StartTime", month, "EndTime", end, "RequestId", "BENCH-000000500000"));
        queries.put("a day 2 weeks ago, Principal", Map.of("StartTime", now.minus(15, ChronoUnit.DAYS).toString(),
                "EndTime", now.minus(14, ChronoUnit.DAYS).toString(), "Principal", "user-7"));
        queries.put("30 days, unknown InstanceId (empty answer)", Map.of("StartTime", month, "EndTime", end,
                "InstanceId", "r-nosuchinstance01"));
        ServerTime server = new ServerTime("/LookupEvents");
        List<Double> all = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> query : queries.entrySet()) {
            all.addAll(measure(query.getKey(), query.getValue()));
        }
        Response first = call("LookupEvents", Map.of("StartTime", month, "EndTime", end, "Principal", "user-7"));
        Map<String, Object> next = new HashMap<>(Map.of("StartTime", month, "EndTime", end, "Principal", "user-7"));
        next.put("NextToken", first.path("NextToken"));
        all.addAll(measure("30 days, Principal, page 2 (NextToken)", next));
        all.sort(Double::compare);
        report("LookupEvents, all %,d calls above (%d per query after %d): median %.1f ms, p99 %.1f ms; in the "
                + "server (HTTP in to out): %s", all.size(), LOOKUP_CALLS, LOOKUP_WARM_UP, percentile(all, 50),
                percentile(all, 99), server.since());
    }

    private List<Double> measure(String label, Map<String, Object> query) {
        for (int i = 0; i < LOOKUP_WARM_UP; i++) {
            client.call("LookupEvents", query);
        }
        int[] found = new int[1];
        List<Double> millis = timed(LOOKUP_CALLS, () -> found[0] = client.call("LookupEvents", query).path("Events").size());
        report("LookupEvents %-45s median %6.1f ms, p95 %6.1f ms, max %6.1f ms (%d events per page)", label,
                percentile(millis, 50), percentile(millis, 95), millis.get(millis.size() - 1), found[0]);
        return millis;
    }

    private Response call(String action, Map<String, ?> body) {
        Response response = SignedClient.call(Identity.ADMIN, action, body).send();
        if (response.statusCode() != 200) {
            throw new IllegalStateException(action + " answered " + response.statusCode() + ": " + response.asString());
        }
        return response;
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private String scalar(String sql) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** CPU time of the whole JVM so far (every thread: the function's, the client's, the JIT's and the GC's). */
    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * The JVM's CPU time since {@code cpuBefore}, a leaf, and the machine's 1-minute load average: on a shared
     * machine the time a section takes says little without them (PostgreSQL's own CPU is not counted).
     */
    private static String machine(long cpuBefore, long leaves) {
        double cpuSeconds = (jvmCpuNanos() - cpuBefore) / 1e9;
        return String.format("JVM CPU %.1f s = %.1f us a leaf; load average %.1f on %d cores", cpuSeconds,
                cpuSeconds * 1e6 / leaves, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
    }

    private static void report(String format, Object... args) {
        System.out.println("[audit-benchmark] " + String.format(format, args));
    }
}
