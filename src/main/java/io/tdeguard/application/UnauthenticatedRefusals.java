package io.tdeguard.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.tdeguard.api.ApiException;
import io.tdeguard.api.IpLiterals;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.audit.AuditRecord;
import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.audit.AuditRecord.Outcome;
import io.tdeguard.audit.AuditRecord.Phase;
import io.tdeguard.audit.AuditTrail;
import io.tdeguard.audit.UserIdentity;
import io.tdeguard.config.TdeGuardConfig;
import io.tdeguard.json.CanonicalJson;
import io.vertx.core.Context;

/**
 * Flood limits of unauthenticated refusals. A source is an IPv4 address (also when written IPv4-mapped), or the /64
 * prefix of an IPv6 address ({@link #source}): one IPv6 host usually holds a whole /64, and a budget per address would
 * give it 2^64 budgets. Each source has a budget of {@code tdeguard.auth.unauthenticated.capacity} refusals per window,
 * and this instance one of {@code global-capacity} for all sources together (bucket4j buckets refilled at the window's
 * epoch-aligned boundaries, in memory of this instance). Within both a refusal is answered and audited as any other;
 * beyond either the answer is {@code Throttling.User} (429) and the refusal is only counted, per source, code and
 * window.
 *
 * <p>Counts are durable before the 429 is answered: a throttled refusal joins the pending batch of this instance,
 * whose one flush at a time adds every count of the batch to the table {@code unauthenticated_refusal_count} in one
 * transaction (rows merge across instances), and the refusal is answered only once the flush holding it has committed;
 * a flood costs one small transaction per flush, not per request. If it fails, or takes longer than
 * {@link #MOST_WAITING}, the caller is answered {@code ServiceUnavailable} (503) instead, and the failure logged (a
 * refusal whose wait ran out while its flush went on may still be counted: a count may exceed its 429s, never fall
 * short of them). A row becomes one {@code UnauthenticatedRefusals} event, deleted in the transaction that appends
 * it, once its window has ended ({@link #SETTLED_AFTER} ago) and someone runs {@link #appendClosedWindows} (this
 * instance's schedule, Function Compute's timer through RunScheduledWork, or a stopping instance): rows of any
 * instance, a stopped or crashed one included. A row not yet due when its instance stops waits in the table for the
 * first run after it is.
 *
 * <p>At most {@code max-sources} sources are tracked. A source is forgotten only once a window has passed without a
 * refusal from it (its budget would be whole again): forgetting never hands out a fresh budget within a window. While
 * every tracked source was refused in the current window, the refusals of untracked sources spend one shared budget
 * of {@code capacity}, counted beyond it as the source {@link #OTHER_SOURCES}.
 *
 * <p>At most {@code max-counted-sources} sources get counts of their own per window and instance: the first sources
 * throttled in the window; the throttled refusals of any other source in it are counted as {@link #OTHER_SOURCES},
 * with their code. Without this bound a flood that takes a new source for each few requests (the /64s of an IPv6
 * block) would make each of them a counted event of its own, up to {@code max-sources} per code and window. So, per
 * window and instance, whatever the number of addresses, the refusals audited one by one are at most
 * {@code global-capacity}, and the counted events at most ({@code max-counted-sources} + 1) x codes: the events of a
 * window are at most {@code global-capacity} + {@code max-counted-sources} x codes + codes (2,000 + 101 x codes by
 * default; the codes are the few of an unauthenticated refusal). The budgets need no other bound for this: the one by
 * one are within {@code global-capacity} whichever source spends it.
 */
@ApplicationScoped
public class UnauthenticatedRefusals {

    private static final Logger LOG = Logger.getLogger(UnauthenticatedRefusals.class);

    public static final String EVENT_NAME = "UnauthenticatedRefusals";
    /** The source that the counted event of untracked sources names ({@code SourceIp}). */
    public static final String OTHER_SOURCES = "other-sources";
    static final String SERVICE = "tdeguard";
    /** The longest a flush may take in the database; it then fails, and its refusals are answered 503. */
    static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);
    /** The longest its statement may wait (for a lock, say): within the flush's bound, so that it ends first. */
    private static final Duration STATEMENT_TIMEOUT = FLUSH_TIMEOUT.minusSeconds(1);
    /** The longest a throttled refusal waits for its count to commit: the flush before its own, and its own. */
    static final Duration MOST_WAITING = FLUSH_TIMEOUT.multipliedBy(2).plusSeconds(1);
    /**
     * How long after its window's end a row becomes its event: by then every refusal this instance counted in the
     * window has committed or been answered 503, so that the window's count of a source and code is one event (a
     * later row of the same window is possible only from an instance whose clock runs that much behind).
     */
    public static final Duration SETTLED_AFTER = MOST_WAITING;
    /** Rows taken into events per transaction. */
    static final int ROWS_PER_TRANSACTION = 100;

    private static final String ADD_COUNTS = """
            INSERT INTO unauthenticated_refusal_count AS c
                (source_ip, code, window_start, window_end, refusals, first_request_id, last_request_id)
            SELECT source_ip, code, window_start, window_end, refusals, first_request_id, last_request_id
            FROM jsonb_to_recordset(CAST(?1 AS jsonb)) AS d(source_ip text, code text, window_start timestamptz,
                window_end timestamptz, refusals bigint, first_request_id text, last_request_id text)
            ORDER BY source_ip, code, window_start
            ON CONFLICT (source_ip, code, window_start) DO UPDATE
            SET refusals = c.refusals + EXCLUDED.refusals, last_request_id = EXCLUDED.last_request_id""";
    private static final String TAKE_CLOSED = """
            DELETE FROM unauthenticated_refusal_count WHERE (source_ip, code, window_start) IN (
                SELECT source_ip, code, window_start FROM unauthenticated_refusal_count
                WHERE window_end <= ?1 ORDER BY window_end LIMIT ?2 FOR UPDATE SKIP LOCKED)
            RETURNING source_ip, code, CAST(extract(epoch FROM window_start) * 1000 AS bigint),
                CAST(extract(epoch FROM window_end) * 1000 AS bigint), refusals, first_request_id, last_request_id""";

    private final AuditTrail audit;
    private final EntityManager entityManager;
    private final Clock clock;
    private final long capacity;
    private final Duration window;
    private final int maxSources;
    private final int maxCountedSources;
    private final TimeMeter time;

    /** By source ({@link #source}), least recently refused first. Guarded by {@code this}. */
    private final LinkedHashMap<String, Source> sources = new LinkedHashMap<>(64, 0.75f, true);
    /** The shared budget of the sources refused while the table is full, created at first need. Guarded by {@code this}. */
    private Source others;
    /**
     * The sources with counts of their own in the window that starts at {@link #countedWindow}. Guarded by
     * {@code this}.
     */
    private final Set<String> countedSources = new HashSet<>();
    /** The window of {@link #countedSources}: the latest a refusal was throttled in. Guarded by {@code this}. */
    private Instant countedWindow = Instant.MIN;
    /** The budget of all sources together. Guarded by {@code this}. */
    private final Bucket global;
    /** The counts waiting for the next flush. Guarded by {@code this}. */
    private Batch pending = new Batch();
    /** Whether a flush is under way; one at a time. Guarded by {@code this}. */
    private boolean flushing;

    UnauthenticatedRefusals(AuditTrail audit, EntityManager entityManager, Clock clock, TdeGuardConfig config) {
        this.audit = audit;
        this.entityManager = entityManager;
        this.clock = clock;
        TdeGuardConfig.Auth.Unauthenticated limits = config.auth().unauthenticated();
        if (limits.capacity() < 1 || limits.globalCapacity() < 1 || limits.window().toMillis() < 1
                || limits.maxSources() < 1 || limits.maxCountedSources() < 0) {
            throw new IllegalArgumentException("tdeguard.auth.unauthenticated.capacity, .global-capacity, .window and"
                    + " .max-sources must be positive, .max-counted-sources not negative");
        }
        this.capacity = limits.capacity();
        this.window = limits.window();
        this.maxSources = limits.maxSources();
        this.maxCountedSources = limits.maxCountedSources();
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        this.global = bucket(limits.globalCapacity(), clock.instant());
    }

    /** The answer to an unauthenticated caller beyond its budget. */
    public static ApiException throttled() {
        return new ApiException("Throttling.User", 429,
                "too many unauthenticated requests from this address; retry later");
    }

    /**
     * Takes one unauthenticated refusal from {@code facts.sourceIp()} with {@code code}: true when it is within its
     * source's ({@link #source}) and this instance's budgets (the caller records it as usual); false when it is beyond
     * one and its count has committed (the caller answers {@link #throttled}). It may wait for the database, so it
     * refuses to run on an event-loop thread.
     *
     * @throws ApiException {@code ServiceUnavailable} (503) when the count could not be committed within
     *                      {@link #MOST_WAITING}
     * @throws IllegalStateException on a Vert.x event-loop thread
     */
    public boolean withinBudget(RequestFacts facts, String code) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("unauthenticated refusals are counted off the event loop: the count is "
                    + "committed before the answer");
        }
        Instant now = clock.instant();
        Batch batch;
        synchronized (this) {
            Instant start = windowStart(now);
            String key = AuditTrail.recordableId(source(facts.sourceIp()));
            Source source = sources.get(key);
            if (source == null) {
                forgetIdle(start);
                if (sources.size() < maxSources) {
                    source = new Source(bucket(capacity, now));
                    sources.put(key, source);
                } else {
                    if (others == null) {
                        others = new Source(bucket(capacity, now));
                    }
                    source = others;
                    key = OTHER_SOURCES;
                }
            }
            source.lastWindow = start;
            if (source.bucket.tryConsume(1) && global.tryConsume(1)) {
                return true;
            }
            batch = pending;
            batch.add(new Window(countedAs(key, start), code, start), start.plus(window),
                    AuditTrail.recordableId(facts.requestId()));
        }
        if (!committed(batch, System.nanoTime() + MOST_WAITING.toNanos())) {
            throw ApiException.serviceUnavailable("the refusal could not be recorded");
        }
        return false;
    }

    /**
     * The source whose budget a refusal from {@code sourceIp} spends, and which its counted event names
     * ({@code SourceIp}): an IPv4 address in dotted form, an IPv6 address's /64 prefix in CIDR notation
     * ({@code 2001:db8:0:1::/64}), anything that is no IP literal (no address at all: empty) as it is.
     */
    static String source(String sourceIp) {
        if (sourceIp == null) {
            return "";
        }
        Optional<byte[]> literal = IpLiterals.bytes(sourceIp);
        if (literal.isEmpty()) {
            return sourceIp;
        }
        byte[] bytes = literal.get();
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        int[] groups = new int[4];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        }
        // The zero groups that end the prefix join the 64 zero bits after it in one "::", the longest run (RFC 5952).
        int zerosFrom = groups.length;
        while (zerosFrom > 0 && groups[zerosFrom - 1] == 0) {
            zerosFrom--;
        }
        StringJoiner prefix = new StringJoiner(":", "", "::/64");
        for (int i = 0; i < zerosFrom; i++) {
            prefix.add(Integer.toHexString(groups[i]));
        }
        return prefix.toString();
    }

    /**
     * Flushes the pending counts, then appends each row of the table whose window ended at least
     * {@link #SETTLED_AFTER} ago, of any instance, as one event, deleted in the transaction that appends it: a row
     * becomes exactly one event, however many instances run this at once. A transaction that fails leaves its rows for
     * the next run (logged).
     */
    @Scheduled(identity = "unauthenticated-refusals", every = "${tdeguard.auth.unauthenticated.window}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void appendClosedWindows() {
        if (!flushPending()) {
            LOG.error("could not flush the pending counts of unauthenticated refusals; the next run tries again");
        }
        Instant now = clock.instant();
        try {
            int taken;
            do {
                taken = QuarkusTransaction.requiringNew().call(() -> {
                    @SuppressWarnings("unchecked")
                    List<Object[]> rows = entityManager.createNativeQuery(TAKE_CLOSED)
                            .setParameter(1, now.minus(SETTLED_AFTER)).setParameter(2, ROWS_PER_TRANSACTION)
                            .getResultList();
                    for (Object[] row : rows) {
                        audit.append(record(row, now));
                    }
                    return rows.size();
                });
            } while (taken == ROWS_PER_TRANSACTION);
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not append the counts of unauthenticated refusals of windows ended by %s; they stay"
                    + " in unauthenticated_refusal_count for the next run", now.minus(SETTLED_AFTER));
        }
    }

    /**
     * A stopping instance commits its pending counts and appends the rows that are due. The others (windows still
     * open, or ended less than {@link #SETTLED_AFTER} ago) stay in the table, durable, and become events at the first
     * run of {@link #appendClosedWindows} after they are due, by another instance or the next start.
     */
    void appendOnStop(@Observes ShutdownEvent stop) {
        appendClosedWindows();
    }

    /**
     * Waits until {@code batch} has been flushed, flushing it itself when no flush is under way (one at a time: the
     * flush under way holds earlier counts, and the next is led by one of the refusals waiting for it).
     *
     * @return whether its counts committed by {@code deadline} ({@link System#nanoTime})
     */
    private boolean committed(Batch batch, long deadline) {
        while (true) {
            synchronized (this) {
                while (flushing && !batch.done) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                if (batch.done) {
                    return batch.committed;
                }
                // Not done and no flush under way: the batch is still the pending one.
                flushing = true;
                pending = new Batch();
            }
            flush(batch);
        }
    }

    /** Commits the pending counts, if any; the counts of refusals still waiting included. */
    private boolean flushPending() {
        Batch batch;
        synchronized (this) {
            batch = pending;
            if (batch.counts.isEmpty()) {
                return true;
            }
        }
        return committed(batch, System.nanoTime() + MOST_WAITING.toNanos());
    }

    /** Adds the batch's counts to the table in one transaction, then wakes who waits for it. */
    private void flush(Batch batch) {
        boolean committed = false;
        try {
            String counts = CanonicalJson.write(batch.rows());
            QuarkusTransaction.requiringNew().timeout((int) FLUSH_TIMEOUT.toSeconds()).run(() -> {
                // The transaction's timeout does not stop a statement that waits: this does.
                entityManager.createNativeQuery("SELECT set_config('statement_timeout', ?1, true)")
                        .setParameter(1, String.valueOf(STATEMENT_TIMEOUT.toMillis())).getSingleResult();
                entityManager.createNativeQuery(ADD_COUNTS).setParameter(1, counts).executeUpdate();
            });
            committed = true;
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not record %d unauthenticated refusals beyond their budgets; they are answered "
                    + "ServiceUnavailable instead of Throttling.User", batch.refusals());
        }
        synchronized (this) {
            batch.done = true;
            batch.committed = committed;
            flushing = false;
            notifyAll();
        }
    }

    private Bucket bucket(long tokens, Instant now) {
        Bandwidth budget = Bandwidth.builder().capacity(tokens)
                .refillIntervallyAligned(tokens, window, windowStart(now).plus(window)).build();
        return Bucket.builder().addLimit(budget).withCustomTimePrecision(time).build();
    }

    private Instant windowStart(Instant now) {
        long length = window.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), length) * length);
    }

    /**
     * Forgets the sources not refused in the window that starts at {@code start}, least recently refused first: their
     * budgets would be whole again, so forgetting them gives nobody more than a window's budget.
     */
    private void forgetIdle(Instant start) {
        for (Iterator<Source> eldest = sources.values().iterator(); eldest.hasNext();) {
            if (!eldest.next().lastWindow.isBefore(start)) {
                return;
            }
            eldest.remove();
        }
    }

    /**
     * The source that a refusal of {@code key} throttled in the window that starts at {@code start} is counted as: its
     * own while it is among the first {@code max-counted-sources} throttled in the window, {@link #OTHER_SOURCES}
     * otherwise. A window before the latest (a clock that stepped back) has no room left: its sources were reset.
     */
    private String countedAs(String key, Instant start) {
        if (key.equals(OTHER_SOURCES)) {
            return key;
        }
        if (start.isAfter(countedWindow)) {
            countedWindow = start;
            countedSources.clear();
        }
        boolean own = start.equals(countedWindow) && (countedSources.contains(key)
                || countedSources.size() < maxCountedSources && countedSources.add(key));
        return own ? key : OTHER_SOURCES;
    }

    /** One row of the table as its event: today's time, the row's counts. */
    private static AuditRecord record(Object[] row, Instant now) {
        String sourceIp = (String) row[0];
        String code = (String) row[1];
        long count = ((Number) row[4]).longValue();
        RequestFacts facts = new RequestFacts(UUID.randomUUID().toString().toUpperCase(Locale.ROOT), EVENT_NAME, null,
                null, null, Map.of(), new byte[0], sourceIp, false, null, now);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("SourceIp", sourceIp);
        parameters.put("Code", code);
        parameters.put("WindowStart", Instant.ofEpochMilli(((Number) row[2]).longValue()).toString());
        parameters.put("WindowEnd", Instant.ofEpochMilli(((Number) row[3]).longValue()).toString());
        parameters.put("Count", count);
        parameters.put("FirstRequestId", row[5]);
        parameters.put("LastRequestId", row[6]);
        return new AuditRecord(EVENT_NAME, SERVICE, EventRW.Read, Phase.single, Outcome.Denied, facts,
                UserIdentity.unauthenticated(null), null, null, null, parameters, null, "Throttling.User",
                count + " unauthenticated requests refused with " + code + " beyond this source's or the instance's"
                        + " budget were answered Throttling.User and are recorded here as one count",
                null, null, null, null);
    }

    private static final class Source {
        final Bucket bucket;
        /** The start of the window of its latest refusal. */
        Instant lastWindow = Instant.MIN;

        Source(Bucket bucket) {
            this.bucket = bucket;
        }
    }

    /** What one row of the table counts: the refusals with one code from one source in one window. */
    private record Window(String sourceIp, String code, Instant start) {
    }

    /** The refusals of one window counted since the last flush, and the first and last 429's RequestId. */
    private static final class Count {
        final Instant windowEnd;
        final String firstRequestId;
        String lastRequestId;
        long refusals;

        Count(Instant windowEnd, String firstRequestId) {
            this.windowEnd = windowEnd;
            this.firstRequestId = firstRequestId;
        }
    }

    /** The counts one flush commits, and whether it has, for the refusals waiting for it. Guarded by the owner. */
    private static final class Batch {
        final Map<Window, Count> counts = new LinkedHashMap<>();
        boolean done;
        boolean committed;

        void add(Window window, Instant windowEnd, String requestId) {
            Count count = counts.computeIfAbsent(window, w -> new Count(windowEnd, requestId));
            count.lastRequestId = requestId;
            count.refusals++;
        }

        long refusals() {
            return counts.values().stream().mapToLong(count -> count.refusals).sum();
        }

        /** The rows as ADD_COUNTS reads them. */
        List<Map<String, Object>> rows() {
            List<Map<String, Object>> rows = new ArrayList<>();
            counts.forEach((window, count) -> rows.add(Map.of("source_ip", window.sourceIp(), "code", window.code(),
                    "window_start", window.start().toString(), "window_end", count.windowEnd.toString(),
                    "refusals", count.refusals, "first_request_id", count.firstRequestId,
                    "last_request_id", count.lastRequestId)));
            return rows;
        }
    }
}
