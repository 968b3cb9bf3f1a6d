package io.tdeguard.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import io.tdeguard.audit.chain.ChainEntry;
import io.tdeguard.audit.chain.Checkpoint;

/**
 * Reads the sealed v1 hash chain (the events with a chain hash, stored before audit log v2) in increasing seq, one batch at a time (keyset paging), so that a walk over millions of
 * events holds one batch in memory. Each batch joins the caller's transaction, or runs in a short one of its own.
 */
@ApplicationScoped
public class AuditRows {

    static final int BATCH = 2000;

    private final EntityManager entityManager;

    AuditRows(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** A consistent view of the trail to walk: taken once, so that appends during the walk do not count. */
    public record Bounds(long headSeq, long lastCheckpointId) {
    }

    /**
     * The sealed chain's extent: its head seq and its newest checkpoint. Nothing is appended to the v1 chain any more
     * (new events are the Merkle log's), so the two are stable.
     */
    @Transactional
    public Bounds bounds() {
        long lastCheckpointId = ((Number) entityManager
                .createNativeQuery("SELECT COALESCE(MAX(checkpoint_id), 0) FROM audit_checkpoint").getSingleResult()).longValue();
        long headSeq = ((Number) entityManager.createNativeQuery("SELECT COALESCE(MAX(seq), 0) FROM audit_event WHERE hash IS NOT NULL")
                .getSingleResult()).longValue();
        return new Bounds(headSeq, lastCheckpointId);
    }

    /** The stored hash of one event, if that event exists. */
    @Transactional
    public Optional<String> hashAt(long seq) {
        @SuppressWarnings("unchecked")
        List<String> hash = entityManager.createNativeQuery("SELECT hash FROM audit_event WHERE seq = ?1 AND hash IS NOT NULL")
                .setParameter(1, seq).getResultList();
        return hash.stream().findFirst();
    }

    /** The events with {@code from <= seq <= to}, in increasing seq, as stored. */
    public Iterable<ChainEntry> events(long from, long to) {
        return () -> new Batches<>(after -> eventBatch(Math.max(after, from - 1), to), ChainEntry::seq, from - 1);
    }

    /**
     * The first event in {@code from <= seq <= to} whose query columns differ from its chained body, if any. The
     * columns are copies for LookupEvents and indexes; the hash covers only the body, so they are checked against it,
     * in Java from the body's bytes as the Merkle log's leaves are ({@link LeafCheck}), never through jsonb (which
     * refuses a body that holds {@code \u0000}). Read through one cursor in the caller's transaction.
     */
    @Transactional
    public Optional<Long> firstColumnMismatch(long from, long to) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT e.seq, e.body, "
                    + LogStore.QUERY_COLUMNS + " FROM audit_event e WHERE e.seq BETWEEN ? AND ? AND e.hash IS NOT NULL"
                    + " ORDER BY e.seq")) {
                statement.setLong(1, from);
                statement.setLong(2, to);
                statement.setFetchSize(BATCH);
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        // the body's raw UTF-8 from the wire, as LogStore reads leaves
                        if (LeafCheck.mismatchedColumn(result.getBytes(2), LogStore.queryColumns(result, 3)) != null) {
                            return Optional.of(result.getLong(1));
                        }
                    }
                }
            }
            return Optional.<Long>empty();
        });
    }

    /** Stores a v1 checkpoint (the seal of the chain). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void storeCheckpoint(Checkpoint checkpoint) {
        entityManager.createNativeQuery("""
                INSERT INTO audit_checkpoint (seq, hash, checkpoint_time, key_id, signature)
                VALUES (?1, ?2, CAST(?3 AS timestamptz), ?4, ?5)""")
                .setParameter(1, checkpoint.seq()).setParameter(2, checkpoint.hash()).setParameter(3, checkpoint.time())
                .setParameter(4, checkpoint.keyId()).setParameter(5, checkpoint.signature()).executeUpdate();
    }

    /** The checkpoints with {@code from <= seq <= to} and id up to {@code lastId}, in increasing seq. */
    public Iterator<Checkpoint> checkpoints(long from, long to, long lastId) {
        return new CheckpointBatches(from, to, lastId);
    }

    @Transactional
    List<ChainEntry> eventBatch(long afterSeq, long toSeq) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT seq, body, prev_hash, hash FROM audit_event
                WHERE seq > ?1 AND seq <= ?2 AND hash IS NOT NULL ORDER BY seq LIMIT ?3""")
                .setParameter(1, afterSeq).setParameter(2, toSeq).setParameter(3, BATCH).getResultList();
        return rows.stream().map(row -> new ChainEntry(((Number) row[0]).longValue(), (String) row[1], (String) row[2],
                (String) row[3])).toList();
    }

    /** One page of checkpoints after (seq, id), ordered by seq then id. */
    @Transactional
    List<Object[]> checkpointBatch(long afterSeq, long afterId, long toSeq, long lastId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT checkpoint_id, seq, hash,
                       to_char(checkpoint_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), key_id, signature
                FROM audit_checkpoint
                WHERE (seq, checkpoint_id) > (?1, ?2) AND seq <= ?3 AND checkpoint_id <= ?4
                ORDER BY seq, checkpoint_id LIMIT ?5""")
                .setParameter(1, afterSeq).setParameter(2, afterId).setParameter(3, toSeq).setParameter(4, lastId)
                .setParameter(5, BATCH).getResultList();
        return rows;
    }

    /** Pages through rows ordered by a long key. */
    private static final class Batches<T> implements Iterator<T> {
        private final Function<Long, List<T>> fetchAfter;
        private final Function<T, Long> key;
        private final Deque<T> batch = new ArrayDeque<>();
        private long after;
        private boolean exhausted;

        Batches(Function<Long, List<T>> fetchAfter, Function<T, Long> key, long after) {
            this.fetchAfter = fetchAfter;
            this.key = key;
            this.after = after;
        }

        @Override
        public boolean hasNext() {
            if (batch.isEmpty() && !exhausted) {
                List<T> next = fetchAfter.apply(after);
                exhausted = next.size() < BATCH;
                batch.addAll(next);
                if (!next.isEmpty()) {
                    after = key.apply(next.get(next.size() - 1));
                }
            }
            return !batch.isEmpty();
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return batch.removeFirst();
        }
    }

    private final class CheckpointBatches implements Iterator<Checkpoint> {
        private final long to;
        private final long lastId;
        private final Deque<Checkpoint> batch = new ArrayDeque<>();
        private long afterSeq;
        private long afterId;
        private boolean exhausted;

        CheckpointBatches(long from, long to, long lastId) {
            this.to = to;
            this.lastId = lastId;
            this.afterSeq = from - 1;
            this.afterId = Long.MAX_VALUE;
        }

        @Override
        public boolean hasNext() {
            if (batch.isEmpty() && !exhausted) {
                List<Object[]> rows = checkpointBatch(afterSeq, afterId, to, lastId);
                exhausted = rows.size() < BATCH;
                for (Object[] row : rows) {
                    afterId = ((Number) row[0]).longValue();
                    afterSeq = ((Number) row[1]).longValue();
                    batch.add(new Checkpoint(afterSeq, (String) row[2], (String) row[3], (String) row[4], (String) row[5]));
                }
            }
            return !batch.isEmpty();
        }

        @Override
        public Checkpoint next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return batch.removeFirst();
        }
    }
}
