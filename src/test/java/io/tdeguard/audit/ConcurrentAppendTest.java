package io.tdeguard.audit;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
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
import io.tdeguard.api.RequestFacts;
import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.audit.AuditRecord.Outcome;
import io.tdeguard.audit.AuditRecord.Phase;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.LogProofs;
import io.tdeguard.support.SignedClient;
import io.tdeguard.support.TrailSnapshot;

/**
 * 8 writers × 200 events appended at once, each append a transaction on its own connection, as 8 function
 * instances would, with no lock between them: every event stored once with its own seq; the sequencer then gives
 * each a distinct leaf index, no gap, and VerifyAuditTrail verifies the log.
 */
@QuarkusTest
class ConcurrentAppendTest {

    static final int WRITERS = 8;
    static final int EVENTS_EACH = 200;

    @Inject
    AuditTrail trail;

    @Inject
    DataSource dataSource;

    @Test
    void eightConcurrentWritersAreAllIntegratedIntoOneLog() throws Exception {
        String marker = Fixtures.unique("concurrent");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<List<Long>>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                start.await();
                List<Long> seqs = new ArrayList<>();
                for (int i = 0; i < EVENTS_EACH; i++) {
                    seqs.add(trail.appendAlone(event(marker, writer, i)).seq());
                }
                return seqs;
            }));
        }
        start.countDown();
        List<Long> seqs = new ArrayList<>();
        for (Future<List<Long>> writer : writers) {
            List<Long> own = writer.get(120, TimeUnit.SECONDS);
            for (int i = 1; i < own.size(); i++) {
                if (own.get(i) <= own.get(i - 1)) {
                    throw new AssertionError("a writer's seqs went back: " + own);
                }
            }
            seqs.addAll(own);
        }
        pool.shutdown();

        assertEquals(WRITERS * EVENTS_EACH, seqs.stream().distinct().count(), "distinct seqs handed out");
        assertEquals(WRITERS * EVENTS_EACH, TrailSnapshot.number(dataSource,
                "SELECT count(*) FROM audit_event WHERE request_id LIKE '" + marker + "-%'"));

        Identity auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);
        long size = LogProofs.sequence(auditor);
        assertEquals(WRITERS * EVENTS_EACH, TrailSnapshot.number(dataSource, "SELECT count(DISTINCT l.leaf_index) "
                + "FROM audit_leaf l JOIN audit_event e ON e.seq = l.seq WHERE e.request_id LIKE '" + marker + "-%'"));
        // no gap: leaf indexes 0 .. size-1, each once
        assertEquals(size, TrailSnapshot.number(dataSource, "SELECT count(*) FROM audit_leaf WHERE leaf_index < " + size));
        SignedClient.call(auditor, "VerifyAuditTrail", Map.of()).send().then().statusCode(200)
                .body("Verified", equalTo(true));
    }

    static AuditRecord event(String marker, int writer, int i) {
        RequestFacts facts = new RequestFacts(marker + "-" + writer + "-" + i, "ConcurrentAppendProbe", "POST",
                "/ConcurrentAppendProbe", "", Map.of(), new byte[0], "127.0.0.1", false, "test", Instant.now());
        return new AuditRecord("ConcurrentAppendProbe", "tdeguard", EventRW.Write, Phase.single, Outcome.Succeeded,
                facts, UserIdentity.unauthenticated(null), null, null, null, Map.of("Writer", writer, "Index", i), null,
                null, null, null, List.of(), null, null);
    }
}
