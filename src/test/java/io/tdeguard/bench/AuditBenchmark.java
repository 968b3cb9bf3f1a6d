package io.tdeguard.bench;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.tdeguard.audit.AuditTrail;
import io.tdeguard.audit.offline.VerifyExportRunner;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;

/**
 * Figures of the audit trail; prints them and asserts nothing (not part of the suite: the name does not end in
 * Test). Runs against a database of its own ({@link BenchmarkDatabase}):
 * <pre>
 *   ./mvnw -B -q test -Dtest=AuditBenchmark -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.events=1000000]
 * </pre>
 * 1. append throughput with 1 and 8 concurrent writers (AuditTrail.appendAlone: one transaction per event, under the
 * database's append lock); 2. a million valid chained events inserted by one SQL block (the hashes computed by
 * PostgreSQL's sha256, exactly as ChainHash links them); 3. VerifyAuditTrail over all of them, and the offline
 * verifier on their export; 4. LookupEvents latency (signed HTTP calls, end to end) for typical auditor queries.
 */
@QuarkusTest
@TestProfile(BenchmarkDatabase.class)
class AuditBenchmark {

    static final int EVENTS = Integer.getInteger("bench.events", 1_000_000);

    @Inject
    AuditTrail trail;

    @Inject
    DataSource dataSource;

    @Test
    void printFigures() throws Exception {
        report("PostgreSQL " + scalar("SHOW server_version") + ", " + Runtime.getRuntime().availableProcessors()
                + " cores seen by the JVM");
        appendThroughput(1, 2_000);
        appendThroughput(8, 500);

        long started = System.nanoTime();
        bulkInsert(EVENTS);
        report("bulk insert of %,d chained events: %.1f s", EVENTS, seconds(started));
        execute("ANALYZE audit_event");
        long head = Long.parseLong(scalar("SELECT MAX(seq) FROM audit_event"));

        started = System.nanoTime();
        Response checkpoint = call("CreateAuditCheckpoint", Map.of());
        report("CreateAuditCheckpoint over %,d events (verifies them all first): %.1f s -> HTTP %d", head,
                seconds(started), checkpoint.statusCode());

        started = System.nanoTime();
        Response verified = call("VerifyAuditTrail", Map.of());
        double verifySeconds = seconds(started);
        report("VerifyAuditTrail over %,d events: %.1f s = %,.0f events/s (Verified=%s, CheckedEvents=%s)", head,
                verifySeconds, head / verifySeconds, verified.path("Verified"), verified.path("CheckedEvents"));

        Path export = Files.createTempFile("audit-export", ".jsonl");
        started = System.nanoTime();
        Response exported = SignedClient.call(Identity.ADMIN, "ExportAuditTrail", Map.of()).send();
        try (InputStream body = exported.asInputStream()) {
            Files.copy(body, export, StandardCopyOption.REPLACE_EXISTING);
        }
        report("ExportAuditTrail of %,d events: %.1f s, %,d MB", head, seconds(started), Files.size(export) >> 20);
        String publicKey = call("DescribeAuditPublicKey", Map.of()).path("PublicKey");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        started = System.nanoTime();
        int status = VerifyExportRunner.run(new PrintStream(out, true, StandardCharsets.UTF_8), "--public-key",
                publicKey, export.toString());
        double offlineSeconds = seconds(started);
        report("offline verify-audit-export of %,d events: %.1f s = %,.0f events/s (exit %d)", head, offlineSeconds,
                head / offlineSeconds, status);
        Files.delete(export);

        lookupLatency();
    }

    private void appendThroughput(int writers, int eachWrites) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < eachWrites; i++) {
                    trail.appendAlone(io.tdeguard.audit.ConcurrentAppendAccess.event("bench", writer, i));
                }
                return null;
            }));
        }
        long started = System.nanoTime();
        start.countDown();
        for (Future<?> f : done) {
            f.get(10, TimeUnit.MINUTES);
        }
        double seconds = seconds(started);
        pool.shutdown();
        report("append, %d writer(s) x %,d events: %.2f s = %,.0f events/s", writers, eachWrites, seconds,
                writers * eachWrites / seconds);
    }

    /** A million events in one PL/pgSQL block, each linked to the one before with sha256 as ChainHash links. */
    private void bulkInsert(int count) throws Exception {
        execute("""
                DO $$
                DECLARE
                    n constant bigint := %d;
                    base bigint;
                    prev text;
                    body text;
                    h text;
                    s bigint;
                    t timestamptz;
                    t0 constant timestamptz := date_trunc('second', now()) - interval '30 days';
                    step constant interval := interval '30 days' / %d;
                    kind int;
                    instance text;
                    principal text;
                    name text;
                    outcome text;
                    phase text;
                    approval text;
                    request text;
                    event uuid;
                BEGIN
                    SELECT COALESCE(MAX(seq), 0) INTO base FROM audit_event;
                    SELECT COALESCE((SELECT a.hash FROM audit_event a ORDER BY a.seq DESC LIMIT 1), repeat('0', 64)) INTO prev;
                    FOR i IN 1..n LOOP
                        s := base + i;
                        t := date_trunc('milliseconds', t0 + step * i);
                        kind := i %% 100;
                        instance := 'r-bench' || lpad((i %% 1000)::text, 10, '0');
                        principal := 'user-' || (i %% 50);
                        name := (ARRAY['ModifyInstanceTDE','DescribeInstanceTDEStatus','CreateApproval','ApproveApproval',
                                       'DescribeApproval','LookupEvents','CreateUser','AttachPolicyToUser'])[1 + (i %% 8)];
                        outcome := CASE WHEN kind < 80 THEN 'Succeeded' WHEN kind < 95 THEN 'Denied'
                                        WHEN kind < 98 THEN 'Failed' WHEN kind < 99 THEN 'Allowed' ELSE 'InDoubt' END;
                        phase := CASE WHEN outcome = 'Allowed' THEN 'intent' WHEN outcome = 'InDoubt' THEN 'outcome' ELSE 'single' END;
                        approval := CASE WHEN phase <> 'single' THEN 'apv-bench' || i ELSE NULL END;
                        request := 'BENCH-' || lpad(i::text, 12, '0');
                        event := md5(i::text || 'bench')::uuid;
                        body := '{"acsRegion":"cn-hangzhou","approvalId":' || COALESCE('"' || approval || '"', 'null')
                            || ',"decision":null,"errorCode":null,"errorMessage":null,"eventId":"' || event
                            || '","eventName":"' || name || '","eventRW":"Write","eventTime":"'
                            || to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                            || '","eventType":"ApiCall","eventVersion":"1","intentEventId":null,"outcome":"' || outcome
                            || '","phase":"' || phase || '","requestId":"' || request
                            || '","requestParameters":{"InstanceId":"' || instance || '","TDEStatus":"Enabled"}'
                            || ',"resourceName":"acs:kvstore:cn-hangzhou:1234567890123456:instance/' || instance
                            || '","responseElements":null,"seq":' || s
                            || ',"serviceName":"kvstore","sourceIpAddress":"203.0.113.7","userAgent":"bench",'
                            || '"userIdentity":{"accessKeyId":"LTAIbench","accountId":"1234567890123456","type":"ram-user","userName":"'
                            || principal || '"}}';
                        h := encode(sha256(convert_to('tdeguard.audit.v1', 'UTF8') || '\\x00'::bytea || convert_to(prev, 'UTF8')
                            || '\\x00'::bytea || convert_to(body, 'UTF8')), 'hex');
                        INSERT INTO audit_event (seq, event_id, event_time, event_name, phase, outcome, request_id,
                            user_name, instance_id, approval_id, error_code, intent_event_id, body, prev_hash, hash)
                        VALUES (s, event, t, name, phase, outcome, request, principal, instance, approval, NULL, NULL,
                            body, prev, h);
                        prev := h;
                    END LOOP;
                END
                $$""".formatted(count, count));
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
        for (Map.Entry<String, Map<String, Object>> query : queries.entrySet()) {
            measure(query.getKey(), query.getValue());
        }
        Response first = call("LookupEvents", Map.of("StartTime", month, "EndTime", end, "Principal", "user-7"));
        Map<String, Object> next = new HashMap<>(Map.of("StartTime", month, "EndTime", end, "Principal", "user-7"));
        next.put("NextToken", first.path("NextToken"));
        measure("30 days, Principal, page 2 (NextToken)", next);
    }

    private void measure(String label, Map<String, Object> query) {
        for (int i = 0; i < 3; i++) {
            call("LookupEvents", query); // warm up
        }
        List<Double> millis = new ArrayList<>();
        int found = 0;
        for (int i = 0; i < 20; i++) {
            long started = System.nanoTime();
            Response page = call("LookupEvents", query);
            millis.add((System.nanoTime() - started) / 1e6);
            found = page.<List<?>>path("Events").size();
        }
        millis.sort(Double::compare);
        report("LookupEvents %-45s median %6.1f ms, p95 %6.1f ms, max %6.1f ms (%d events per page)", label,
                millis.get(10), millis.get(18), millis.get(19), found);
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

    private static void report(String format, Object... args) {
        System.out.println("[audit-benchmark] " + String.format(format, args));
    }
}
