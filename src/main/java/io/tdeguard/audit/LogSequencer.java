package io.tdeguard.audit;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.audit.AuditRecord.Outcome;
import io.tdeguard.audit.AuditRecord.Phase;
import io.tdeguard.audit.chain.ChainHash;
import io.tdeguard.audit.chain.ChainVerifier;
import io.tdeguard.audit.chain.VerificationResult;
import io.tdeguard.audit.tlog.Checkpoint;
import io.tdeguard.audit.tlog.MerkleHash;
import io.tdeguard.audit.tlog.SignedNote;
import io.tdeguard.audit.tlog.Tile;
import io.tdeguard.audit.tlog.TileAppender;
import io.tdeguard.config.TdeGuardConfig;

/**
 * Integrates waiting events into the Merkle log, one batch per transaction: takes the sequencer lock (a
 * transaction-scoped PostgreSQL advisory lock, so one sequencer runs at a time across every function instance, and
 * a crashed one frees it), reads the oldest waiting events in seq order, checks each event's tag, gives the tagged
 * ones the next leaf indexes, appends their leaf hashes to the hash tiles ({@link TileAppender}), and stores the
 * new tiles, the leaves and a C2SP checkpoint signed with the checkpoint key, all in the same transaction.
 *
 * <p>An event whose tag does not verify (a row written by someone without the tag key) is not integrated: it is
 * taken off the queue, counted ({@code tdeguard.audit.rejected.events}) and recorded by an alarm event
 * ({@code AuditEventRejected}), which the next batch integrates. An event outside the log and its queue (its queue
 * row deleted, or written without one) is found by a sweep ({@link #sweepOutsideTheLog}), queued again and alarmed.
 *
 * <p>The first batch of a database that holds a v1 hash chain seals it ({@link #sealV1Chain()}): leaf 0 is then an
 * {@code AuditTrailSealed} event naming the v1 head and a final v1 checkpoint signed over it.
 */
@ApplicationScoped
public class LogSequencer {

    /** Key of the sequencer's advisory lock; any constant unique to this use. */
    static final long SEQUENCER_LOCK = 0x7464677365710001L;
    public static final String REJECTED = "AuditEventRejected";
    public static final String SEALED = "AuditTrailSealed";
    public static final String SYSTEM_NAME = "tdeguard-sequencer";
    /** Events outside the log read at a time by a sweep. */
    static final int SWEEP_PAGE = 1000;
    private static final Logger LOG = Logger.getLogger(LogSequencer.class);

    private final LogStore store;
    private final AuditRows v1;
    private final AuditKeys keys;
    private final AuditTrail trail;
    private final TdeGuardConfig config;
    private final Clock clock;
    private final Counter rejected;
    private final Counter unqueued;
    private final ObjectMapper json;
    private volatile Instant lastSweep;

    LogSequencer(LogStore store, AuditRows v1, AuditKeys keys, AuditTrail trail, TdeGuardConfig config, Clock clock,
            MeterRegistry registry, ObjectMapper json) {
        this.store = store;
        this.v1 = v1;
        this.keys = keys;
        this.trail = trail;
        this.config = config;
        this.clock = clock;
        this.rejected = Counter.builder("tdeguard.audit.rejected.events")
                .description("stored audit events not integrated because their tag does not verify")
                .register(registry);
        this.unqueued = Counter.builder("tdeguard.audit.unqueued.events")
                .description("stored audit events found outside the log and its queue, queued again")
                .register(registry);
        this.json = json;
        // An instance sweeps first one period after it starts: a start (every cold start, on Function Compute) need
        // not read the whole log's index while it gets ready, and the log's other instances keep sweeping.
        this.lastSweep = clock.instant();
    }

    /**
     * What one batch did.
     *
     * @param ran        false when another sequencer held the lock
     * @param integrated events given a leaf index
     * @param rejected   events refused for a tag that does not verify
     * @param treeSize   the tree size after the batch
     */
    public record Batch(boolean ran, int integrated, int rejected, long treeSize) {
    }

    /** Integrates one batch of at most {@code tdeguard.audit.sequencer.batch} waiting events. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Batch integrateBatch() {
        if (!store.tryLockSequencer(SEQUENCER_LOCK)) {
            return new Batch(false, 0, 0, -1);
        }
        long size = store.latestHead().map(LogStore.TreeHead::treeSize).orElse(0L);
        Long seal = size == 0 ? sealV1Chain() : null;
        // the seal of the v1 chain is leaf 0, whatever was stored before it
        List<LogStore.Waiting> waiting = store.waiting(config.audit().sequencer().batch(), seal == null ? -1 : seal);
        if (waiting.isEmpty()) {
            return new Batch(true, 0, 0, size);
        }
        List<byte[]> leafHashes = new ArrayList<>(waiting.size());
        List<Long> integrated = new ArrayList<>(waiting.size());
        List<Long> dequeued = new ArrayList<>(waiting.size());
        List<LogStore.Waiting> refused = new ArrayList<>();
        for (LogStore.Waiting event : waiting) {
            dequeued.add(event.seq());
            if (event.data() != null && keys.verifies(event.data(), event.tagKeyId(), event.tag())) {
                leafHashes.add(MerkleHash.leafHash(event.data()));
                integrated.add(event.seq());
            } else {
                refused.add(event);
            }
        }
        TileAppender.Appended appended = TileAppender.append(size,
                size == 0 ? List.of() : store.tiles().readTiles(TileAppender.tilesToRead(size)), leafHashes);
        Instant now = clock.instant();
        LogStore.TreeHead head = null;
        if (!integrated.isEmpty()) {
            String note = SignedNote.sign(new Checkpoint(keys.origin(), appended.treeSize(), appended.rootHash())
                    .format(), List.of(keys.signer()));
            head = new LogStore.TreeHead(appended.treeSize(), appended.rootHash(), note);
        }
        List<Tile> tiles = appended.tiles();
        store.storeBatch(size, integrated, tiles, dequeued, head, now);
        for (LogStore.Waiting event : refused) {
            rejected.increment();
            LOG.errorf("audit event at seq %d is not integrated: its tag does not verify (key id %s); "
                    + "someone without the tag key wrote it", event.seq(), event.tagKeyId());
            trail.append(alarm(event, "AuditEvent.TagMismatch", "the stored event at seq " + event.seq()
                    + " has no valid tag under a trusted key: it was not written by TDE Guard and is not in the log"));
        }
        return new Batch(true, integrated.size(), refused.size(), appended.treeSize());
    }

    /**
     * Seals the v1 hash chain, if the database holds one: its head is verified from the genesis, a final v1
     * checkpoint is signed over it, and an {@code AuditTrailSealed} event naming both is stored to become leaf 0 of
     * the Merkle log. Null when there is no v1 chain; the stored event's seq otherwise.
     */
    private Long sealV1Chain() {
        long head = v1.bounds().headSeq();
        if (head == 0) {
            return null;
        }
        String hash = v1.hashAt(head).orElseThrow();
        VerificationResult verified = ChainVerifier.verify(1, ChainHash.GENESIS, v1.events(1, head));
        io.tdeguard.audit.chain.Checkpoint checkpoint = keys.signingKey().sign(head, hash, clock.instant());
        v1.storeCheckpoint(checkpoint);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("V1HeadSeq", head);
        response.put("V1HeadHash", hash);
        response.put("V1Verified", verified.verified() && verified.checkedEvents() == head);
        response.put("V1FirstBrokenSeq", verified.firstBrokenSeq());
        Map<String, Object> signed = new LinkedHashMap<>();
        signed.put("Seq", checkpoint.seq());
        signed.put("Hash", checkpoint.hash());
        signed.put("Time", checkpoint.time());
        signed.put("KeyId", checkpoint.keyId());
        signed.put("Signature", checkpoint.signature());
        response.put("V1Checkpoint", signed);
        RequestFacts facts = new RequestFacts("seal-v1-" + head, SEALED, null, null, "", Map.of(), new byte[0], null,
                false, SYSTEM_NAME, clock.instant());
        if (!verified.verified()) {
            LOG.errorf("the v1 audit chain does not verify at seq %d; it is sealed as it is, and the seal says so",
                    verified.firstBrokenSeq());
        }
        return trail.append(new AuditRecord(SEALED, "tdeguard", EventRW.Write, Phase.single, Outcome.Succeeded, facts,
                UserIdentity.system(SYSTEM_NAME, config.accountId()), null, null, null, Map.of(), response, null,
                null, null, List.of(), null, null)).seq();
    }

    /**
     * Looks for stored events outside the log and its queue: an event whose queue row was deleted, or that was
     * written without one (the append stores both in one statement). Each one that no alarm names yet is queued
     * again, so that the log takes it if its tag verifies (and refuses it with an alarm of its own if not), counted
     * ({@code tdeguard.audit.unqueued.events}) and recorded by an {@code AuditEventRejected} alarm naming its seq. The
     * alarms already raised are read from the events themselves and count only when their tag verifies: a writer
     * without the tag key cannot silence a sweep.
     *
     * @return the events found, or 0 when another sequencer held the lock
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int sweepOutsideTheLog() {
        if (!store.tryLockSequencer(SEQUENCER_LOCK)) {
            return 0;
        }
        lastSweep = clock.instant();
        long v1Head = v1.bounds().headSeq();
        Set<Long> alarmed = null;
        int found = 0;
        for (long from = v1Head + 1;;) {
            List<LogStore.Waiting> outside = store.outsideTheLog(from, SWEEP_PAGE);
            if (outside.isEmpty()) {
                return found;
            }
            alarmed = alarmed == null ? alarmedSeqs() : alarmed;
            List<LogStore.Waiting> unqueued = new ArrayList<>();
            for (LogStore.Waiting event : outside) {
                if (alarmed.add(event.seq())) {
                    unqueued.add(event);
                }
            }
            if (!unqueued.isEmpty()) {
                store.requeue(unqueued.stream().map(LogStore.Waiting::seq).toList());
            }
            for (LogStore.Waiting event : unqueued) {
                this.unqueued.increment();
                LOG.errorf("audit event at seq %d was outside the log and its queue: its queue row was deleted, or "
                        + "it was written without one; it is queued again", event.seq());
                trail.append(alarm(event, "AuditEvent.NotQueued", "the stored event at seq " + event.seq()
                        + " was outside the log and its queue (its queue row was deleted, or it was written without "
                        + "one): it is queued again, and the log takes it only if its tag verifies"));
            }
            found += unqueued.size();
            if (outside.size() < SWEEP_PAGE) {
                return found;
            }
            from = outside.get(outside.size() - 1).seq() + 1;
        }
    }

    /** The seqs that the sequencer's alarms name, counting only alarms whose tag verifies. */
    private Set<Long> alarmedSeqs() {
        Set<Long> seqs = new HashSet<>();
        for (LogStore.Waiting alarm : store.eventsNamed(REJECTED)) {
            if (alarm.data() == null || !keys.verifies(alarm.data(), alarm.tagKeyId(), alarm.tag())) {
                continue;
            }
            try {
                JsonNode seq = json.readTree(alarm.data()).path("requestParameters").path("Seq");
                if (seq.canConvertToLong()) {
                    seqs.add(seq.asLong());
                }
            } catch (IOException e) {
                LOG.errorf("the tagged alarm at seq %d is not JSON", alarm.seq());
            }
        }
        return seqs;
    }

    /** Whether {@code tdeguard.audit.sequencer.sweep-every} has passed since this instance's last sweep. */
    private boolean sweepDue() {
        Instant last = lastSweep;
        return !clock.instant().isBefore(last.plus(config.audit().sequencer().sweepEvery()));
    }

    /**
     * Integrates until nothing waits (or another sequencer runs), after a sweep for events outside the log when one
     * is due ({@link #sweepOutsideTheLog}); the tree size reached, or -1.
     */
    public long integrateAll() {
        if (sweepDue()) {
            sweepOutsideTheLog();
        }
        long size = -1;
        for (int round = 0; round < 1000; round++) {
            Batch batch = integrateBatch();
            if (!batch.ran()) {
                return size;
            }
            size = batch.treeSize();
            if (batch.integrated() == 0 && batch.rejected() == 0) {
                return size;
            }
        }
        return size;
    }

    private AuditRecord alarm(LogStore.Waiting event, String code, String message) {
        RequestFacts facts = new RequestFacts("sequencer-" + event.seq() + "-" + clock.millis(), REJECTED, null, null,
                "", Map.of(), new byte[0], null, false, SYSTEM_NAME, clock.instant());
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("Seq", event.seq());
        parameters.put("TagKeyId", event.tagKeyId());
        parameters.put("EventFound", event.data() != null);
        return new AuditRecord(REJECTED, "tdeguard", EventRW.Write, Phase.single, Outcome.Failed, facts,
                UserIdentity.system(SYSTEM_NAME, config.accountId()), null, null, null, parameters, null, code,
                message, null, List.of(), null, null);
    }
}
