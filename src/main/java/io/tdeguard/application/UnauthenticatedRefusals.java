package io.tdeguard.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
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

/**
 * Flood limits of unauthenticated refusals, per source and in memory of this function instance. A source is an IPv4
 * address (also when written IPv4-mapped), or the /64 prefix of an IPv6 address ({@link #source}): one IPv6 host
 * usually holds a whole /64, and a budget per address would give it 2^64 budgets. Each source has a budget of {@code tdeguard.auth.unauthenticated.capacity} refusals per window (a bucket4j bucket refilled at
 * the window's epoch-aligned boundaries): within it a refusal is answered and audited as any other; beyond it the
 * answer is {@code Throttling.User} (429) and the refusal is only counted, per source, code and window, and the count
 * is appended as one {@code UnauthenticatedRefusals} event once the window has closed (on the next refusal from
 * anyone, periodically, or when the instance stops). So a flood adds at most capacity + one event per code to the
 * log per source and window, and its appends do not queue in front of legitimate events. At most
 * {@code max-sources} sources are tracked. A source is forgotten only once a window has passed without a refusal from
 * it (its budget would be whole again), its counts appended first: forgetting never hands out a fresh budget within a
 * window. While every tracked source was refused in the current window, the refusals of untracked sources spend one
 * shared budget of {@code capacity}, counted beyond it as the source {@link #OTHER_SOURCES}. So a window's refusals
 * audited one by one are at most capacity x (max-sources + 1), whatever the number of addresses.
 */
@ApplicationScoped
public class UnauthenticatedRefusals {

    private static final Logger LOG = Logger.getLogger(UnauthenticatedRefusals.class);

    public static final String EVENT_NAME = "UnauthenticatedRefusals";
    /** The source that the counted event of untracked sources names ({@code SourceIp}). */
    public static final String OTHER_SOURCES = "other-sources";
    static final String SERVICE = "tdeguard";

    private final AuditTrail audit;
    private final Clock clock;
    private final long capacity;
    private final Duration window;
    private final int maxSources;
    private final TimeMeter time;

    /** By source ({@link #source}), least recently refused first. Guarded by {@code this}. */
    private final LinkedHashMap<String, Source> sources = new LinkedHashMap<>(64, 0.75f, true);
    /** The shared budget of the sources refused while the table is full, created at first need. Guarded by {@code this}. */
    private Source others;
    /** The earliest end of a window with a pending count; nothing is due before it. Guarded by {@code this}. */
    private Instant nextDue = Instant.MAX;

    UnauthenticatedRefusals(AuditTrail audit, Clock clock, TdeGuardConfig config) {
        this.audit = audit;
        this.clock = clock;
        TdeGuardConfig.Auth.Unauthenticated limits = config.auth().unauthenticated();
        if (limits.capacity() < 1 || limits.window().toMillis() < 1 || limits.maxSources() < 1) {
            throw new IllegalArgumentException("tdeguard.auth.unauthenticated.capacity, .window and .max-sources must be"
                    + " positive");
        }
        this.capacity = limits.capacity();
        this.window = limits.window();
        this.maxSources = limits.maxSources();
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
    }

    /** The answer to an unauthenticated caller beyond its budget. */
    public static ApiException throttled() {
        return new ApiException("Throttling.User", 429,
                "too many unauthenticated requests from this address; retry later");
    }

    /**
     * Takes one unauthenticated refusal from {@code facts.sourceIp()} with {@code code}: true when it is within its
     * source's ({@link #source}) budget (the caller records it as usual); false when it is beyond and has been counted instead. Either
     * way the counts of windows that have closed are appended first.
     */
    public boolean withinBudget(RequestFacts facts, String code) {
        Instant now = clock.instant();
        List<Count> due = new ArrayList<>();
        boolean within;
        synchronized (this) {
            collectDue(now, due);
            Instant start = windowStart(now);
            String key = source(facts.sourceIp());
            Source source = sources.get(key);
            if (source == null) {
                forgetIdle(start, due);
                if (sources.size() < maxSources) {
                    source = new Source(bucket(now));
                    sources.put(key, source);
                } else {
                    if (others == null) {
                        others = new Source(bucket(now));
                    }
                    source = others;
                    key = OTHER_SOURCES;
                }
            }
            source.lastWindow = start;
            within = source.bucket.tryConsume(1);
            if (!within) {
                Count count = source.counts.get(code);
                if (count == null || !count.windowStart.equals(start)) {
                    if (count != null) {
                        due.add(count);
                    }
                    count = new Count(key, code, start, start.plus(window));
                    source.counts.put(code, count);
                    if (count.windowEnd.isBefore(nextDue)) {
                        nextDue = count.windowEnd;
                    }
                }
                count.count++;
            }
        }
        appendAll(due);
        return within;
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

    /** Appends the counts of the windows that have closed. */
    @Scheduled(identity = "unauthenticated-refusals", every = "${tdeguard.auth.unauthenticated.window}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void appendClosedWindows() {
        List<Count> due = new ArrayList<>();
        synchronized (this) {
            collectDue(clock.instant(), due);
        }
        appendAll(due);
    }

    /** A stopping instance appends what it counted, closed window or not. */
    void appendAllOnStop(@Observes ShutdownEvent stop) {
        List<Count> due = new ArrayList<>();
        synchronized (this) {
            collectDue(Instant.MAX, due);
        }
        appendAll(due);
    }

    private Bucket bucket(Instant now) {
        Bandwidth budget = Bandwidth.builder().capacity(capacity)
                .refillIntervallyAligned(capacity, window, windowStart(now).plus(window)).build();
        return Bucket.builder().addLimit(budget).withCustomTimePrecision(time).build();
    }

    private Instant windowStart(Instant now) {
        long length = window.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), length) * length);
    }

    /** Moves the counts whose window ended by {@code now} to {@code due}. */
    private void collectDue(Instant now, List<Count> due) {
        if (now.isBefore(nextDue)) {
            return;
        }
        Instant earliest = Instant.MAX;
        List<Source> all = new ArrayList<>(sources.values());
        if (others != null) {
            all.add(others);
        }
        for (Source source : all) {
            for (Iterator<Count> counts = source.counts.values().iterator(); counts.hasNext();) {
                Count count = counts.next();
                if (!now.isBefore(count.windowEnd)) {
                    due.add(count);
                    counts.remove();
                } else if (count.windowEnd.isBefore(earliest)) {
                    earliest = count.windowEnd;
                }
            }
        }
        nextDue = earliest;
    }

    /**
     * Forgets the sources not refused in the window that starts at {@code start}, least recently refused first, their
     * counts due: their budgets would be whole again, so forgetting them gives nobody more than a window's budget.
     */
    private void forgetIdle(Instant start, List<Count> due) {
        for (Iterator<Source> eldest = sources.values().iterator(); eldest.hasNext();) {
            Source source = eldest.next();
            if (!source.lastWindow.isBefore(start)) {
                return;
            }
            due.addAll(source.counts.values());
            eldest.remove();
        }
    }

    /** Each count as one event; a count that cannot be appended is logged, and never delays the refusal. */
    private void appendAll(List<Count> due) {
        for (Count count : due) {
            try {
                audit.appendAlone(count.record(clock.instant()));
            } catch (RuntimeException e) {
                LOG.errorf(e, "could not audit %d unauthenticated refusals %s from %s in [%s, %s)", count.count,
                        count.code, count.sourceIp, count.windowStart, count.windowEnd);
            }
        }
    }

    private static final class Source {
        final Bucket bucket;
        /** The open count of each error code. */
        final Map<String, Count> counts = new HashMap<>();
        /** The start of the window of its latest refusal. */
        Instant lastWindow = Instant.MIN;

        Source(Bucket bucket) {
            this.bucket = bucket;
        }
    }

    /** The refusals with one code from one source in one window that were answered Throttling.User. */
    private static final class Count {
        final String sourceIp;
        final String code;
        final Instant windowStart;
        final Instant windowEnd;
        long count;

        Count(String sourceIp, String code, Instant windowStart, Instant windowEnd) {
            this.sourceIp = sourceIp;
            this.code = code;
            this.windowStart = windowStart;
            this.windowEnd = windowEnd;
        }

        AuditRecord record(Instant now) {
            RequestFacts facts = new RequestFacts(UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT),
                    EVENT_NAME, null, null, null, Map.of(), new byte[0], sourceIp, false, null, now);
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("SourceIp", sourceIp);
            parameters.put("Code", code);
            parameters.put("WindowStart", windowStart.toString());
            parameters.put("WindowEnd", windowEnd.toString());
            parameters.put("Count", count);
            return new AuditRecord(EVENT_NAME, SERVICE, EventRW.Read, Phase.single, Outcome.Denied, facts,
                    UserIdentity.unauthenticated(null), null, null, null, parameters, null, "Throttling.User",
                    count + " unauthenticated requests refused with " + code + " beyond this source's budget were"
                            + " answered Throttling.User and are recorded here as one count",
                    null, null, null, null);
        }
    }
}
