package io.tdeguard.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import io.tdeguard.audit.tlog.Tile;
import io.tdeguard.audit.tlog.TileId;
import io.tdeguard.audit.tlog.TileReader;

/**
 * The Merkle log as PostgreSQL keeps it (V11): the queue of stored events waiting for the sequencer, the leaves
 * (leaf index → event), the hash tiles (every version of a partial tile is a row; a reader takes the narrowest
 * version at least as wide as it needs, which holds exactly the hashes of the tree it reads) and the signed
 * checkpoints. Plain JDBC in the caller's transaction: the sequencer writes thousands of rows a batch.
 */
@ApplicationScoped
public class LogStore {

    /** Rows a streaming read holds at a time; also the leaves whose events are read by one query. */
    static final int FETCH_SIZE = 2000;
    /** Seqs a leaf above which a chunk's events are looked up one by one rather than scanned over their span. */
    static final int MAX_SPAN_FACTOR = 4;

    private final EntityManager entityManager;

    LogStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** A stored checkpoint: its tree size, root hash and the signed note. */
    public record TreeHead(long treeSize, byte[] rootHash, String note) {
    }

    /**
     * An event waiting for the sequencer.
     *
     * @param data its leaf bytes (the body's UTF-8); null when the queued seq has no event
     */
    public record Waiting(long seq, byte[] data, String tag, String tagKeyId) {
    }

    /**
     * A leaf of the log.
     *
     * @param data the exact leaf bytes: the stored event's body as UTF-8; null when the leaf's event is not stored
     */
    public record Leaf(long leafIndex, long seq, byte[] data) {
    }

    /**
     * A leaf with what verification checks against its bytes: the event row's tag and the query columns that copy
     * fields of the leaf (what LookupEvents filters on). Null members when the event is not stored.
     */
    public record StoredLeaf(Leaf leaf, String tag, String tagKeyId, QueryColumns columns) {
    }

    /**
     * The query columns of an event row, each a copy of a field of its leaf data.
     *
     * @param eventTimeMicros event_time in microseconds since the epoch
     */
    public record QueryColumns(String eventId, long eventTimeMicros, String eventName, String phase, String outcome,
            String requestId, String userName, String instanceId, String approvalId, String errorCode,
            String intentEventId) {
    }

    /**
     * The query columns of an event row {@code e} as {@link #queryColumns} reads them: in the order of
     * {@link QueryColumns}, the uuids as text, the event time in microseconds.
     */
    static final String QUERY_COLUMNS = """
            CAST(e.event_id AS text), CAST(EXTRACT(EPOCH FROM e.event_time) * 1000000 AS bigint), e.event_name, e.phase,
            e.outcome, e.request_id, e.user_name, e.instance_id, e.approval_id, e.error_code,
            CAST(e.intent_event_id AS text)""";

    /** The {@link #QUERY_COLUMNS} of the current row, from column {@code first} on. */
    static QueryColumns queryColumns(ResultSet row, int first) throws SQLException {
        return new QueryColumns(row.getString(first), row.getLong(first + 1), row.getString(first + 2),
                row.getString(first + 3), row.getString(first + 4), row.getString(first + 5), row.getString(first + 6),
                row.getString(first + 7), row.getString(first + 8), row.getString(first + 9),
                row.getString(first + 10));
    }

    /** The newest checkpoint, empty before the first batch. */
    @Transactional
    public Optional<TreeHead> latestHead() {
        return heads("SELECT tree_size, root_hash, note FROM audit_tree_head ORDER BY tree_size DESC LIMIT 1")
                .stream().findFirst();
    }

    /** The checkpoint of one tree size, if a batch ended there. */
    @Transactional
    public Optional<TreeHead> head(long treeSize) {
        return jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT tree_size, root_hash, note FROM audit_tree_head WHERE tree_size = ?")) {
                statement.setLong(1, treeSize);
                return readHeads(statement).stream().findFirst();
            }
        });
    }

    /** Every checkpoint up to {@code maxSize}, by tree size. */
    @Transactional
    public List<TreeHead> heads(long fromSize, long maxSize) {
        return jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT tree_size, root_hash, note FROM audit_tree_head WHERE tree_size BETWEEN ? AND ? ORDER BY tree_size")) {
                statement.setLong(1, fromSize);
                statement.setLong(2, maxSize);
                return readHeads(statement);
            }
        });
    }

    private List<TreeHead> heads(String sql) {
        return jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                return readHeads(statement);
            }
        });
    }

    private static List<TreeHead> readHeads(PreparedStatement statement) throws SQLException {
        List<TreeHead> heads = new ArrayList<>();
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                heads.add(new TreeHead(result.getLong(1), result.getBytes(2), result.getString(3)));
            }
        }
        return heads;
    }

    /** How many leaves the log holds (stored leaves, whatever the checkpoints say). */
    @Transactional
    public long leafCount() {
        return jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT COALESCE(MAX(leaf_index) + 1, 0) FROM audit_leaf"); ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        });
    }

    /** The tile store, in the caller's transaction. */
    public TileReader tiles() {
        return this::readTiles;
    }

    @Transactional
    List<Tile> readTiles(List<TileId> ids) {
        return jdbc(connection -> {
            StringBuilder sql = new StringBuilder();
            for (int i = 0; i < ids.size(); i++) {
                if (i > 0) {
                    sql.append(" UNION ALL ");
                }
                sql.append("(SELECT ").append(i).append(", level, idx, width, hashes FROM audit_tile")
                        .append(" WHERE level = ? AND idx = ? AND width >= ? ORDER BY width LIMIT 1)");
            }
            Map<Integer, Tile> found = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                int p = 1;
                for (TileId id : ids) {
                    statement.setInt(p++, id.level());
                    statement.setLong(p++, id.index());
                    statement.setInt(p++, id.width());
                }
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        found.put(result.getInt(1), new Tile(new TileId(result.getInt(2), result.getLong(3),
                                result.getInt(4)), result.getBytes(5)));
                    }
                }
            }
            List<Tile> tiles = new ArrayList<>(ids.size());
            for (int i = 0; i < ids.size(); i++) {
                Tile tile = found.get(i);
                if (tile == null) {
                    throw new IllegalStateException("the audit log's hash tile " + ids.get(i).path() + " is missing");
                }
                tiles.add(tile);
            }
            return tiles;
        });
    }

    /** The oldest waiting events, in seq order, but the one of seq {@code first} (if waiting) before all. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Waiting> waiting(int limit, long first) {
        return jdbc(connection -> {
            // The batch's seqs first (without a first one, an index scan of one batch, however long the queue), then
            // each event by its primary key: a plain join was planned as a merge join that walks audit_event's key
            // from its start (7 ms a batch at 40,000 events, growing with the log), and a lateral subquery without
            // OFFSET 0 is pulled up into a hash join over the whole table.
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT p.seq, e.body, e.tag, e.tag_key_id FROM (
                        SELECT seq, """ + (first < 0 ? "false" : "seq = ?") + """
                         AS named_first FROM audit_pending ORDER BY named_first DESC, seq LIMIT ?) p
                    LEFT JOIN LATERAL (
                        SELECT body, tag, tag_key_id FROM audit_event WHERE audit_event.seq = p.seq OFFSET 0) e ON true
                    ORDER BY p.named_first DESC, p.seq""")) {
                int p = 1;
                if (first >= 0) {
                    statement.setLong(p++, first);
                }
                statement.setInt(p, limit);
                return readWaiting(statement);
            }
        });
    }

    /**
     * Stored events beyond the sealed v1 chain ({@code seq > afterSeq}) that are neither leaves nor waiting: outside
     * the log and its queue. In seq order, at most {@code limit} of them from {@code fromSeq} on. The anti-joins read
     * only indexes, but all of them: a sweep costs about a second per million events.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Waiting> outsideTheLog(long fromSeq, int limit) {
        return jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT e.seq, e.body, e.tag, e.tag_key_id FROM audit_event e WHERE e.seq IN (
                        SELECT o.seq FROM audit_event o WHERE o.seq >= ?
                            AND NOT EXISTS (SELECT FROM audit_leaf l WHERE l.seq = o.seq)
                            AND NOT EXISTS (SELECT FROM audit_pending p WHERE p.seq = o.seq)
                        ORDER BY o.seq LIMIT ?)
                    ORDER BY e.seq""")) {
                statement.setLong(1, fromSeq);
                statement.setInt(2, limit);
                return readWaiting(statement);
            }
        });
    }

    /** The stored events of one name with their bytes and tags (for the sequencer's alarms, which are few). */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Waiting> eventsNamed(String eventName) {
        return jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT seq, body, tag, tag_key_id FROM audit_event WHERE event_name = ? ORDER BY seq")) {
                statement.setString(1, eventName);
                return readWaiting(statement);
            }
        });
    }

    /** Queues stored events for the sequencer again. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requeue(List<Long> seqs) {
        jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO audit_pending (seq) SELECT unnest(?) ON CONFLICT DO NOTHING")) {
                statement.setArray(1, connection.createArrayOf("bigint", seqs.toArray()));
                return statement.executeUpdate();
            }
        });
    }

    private static List<Waiting> readWaiting(PreparedStatement statement) throws SQLException {
        List<Waiting> waiting = new ArrayList<>();
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                waiting.add(new Waiting(result.getLong(1), result.getBytes(2), result.getString(3),
                        result.getString(4)));
            }
        }
        return waiting;
    }

    /** Writes one integrated batch: its tiles, its leaves, its checkpoint, and takes its events off the queue. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void storeBatch(long firstLeafIndex, List<Long> integrated, List<Tile> tiles, List<Long> dequeued,
            TreeHead head, Instant signedAt) {
        jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO audit_tile (level, idx, width, hashes) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (Tile tile : tiles) {
                    statement.setInt(1, tile.id().level());
                    statement.setLong(2, tile.id().index());
                    statement.setInt(3, tile.id().width());
                    statement.setBytes(4, tile.hashes());
                    statement.addBatch();
                }
                statement.executeBatch();
            }
            if (!integrated.isEmpty()) {
                try (PreparedStatement statement = connection.prepareStatement(
                        "INSERT INTO audit_leaf (leaf_index, seq) SELECT ? + n - 1, s FROM unnest(?) WITH ORDINALITY AS t(s, n)")) {
                    statement.setLong(1, firstLeafIndex);
                    statement.setArray(2, connection.createArrayOf("bigint", integrated.toArray()));
                    statement.executeUpdate();
                }
            }
            try (PreparedStatement statement = connection.prepareStatement("DELETE FROM audit_pending WHERE seq = ANY (?)")) {
                statement.setArray(1, connection.createArrayOf("bigint", dequeued.toArray()));
                statement.executeUpdate();
            }
            if (head != null) {
                try (PreparedStatement statement = connection.prepareStatement(
                        "INSERT INTO audit_tree_head (tree_size, root_hash, note, signed_at) VALUES (?, ?, ?, ?)")) {
                    statement.setLong(1, head.treeSize());
                    statement.setBytes(2, head.rootHash());
                    statement.setString(3, head.note());
                    statement.setTimestamp(4, Timestamp.from(signedAt));
                    statement.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Takes the sequencer's lock for the caller's transaction, if no other sequencer holds it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean tryLockSequencer(long key) {
        return jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
                statement.setLong(1, key);
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    return result.getBoolean(1);
                }
            }
        });
    }

    /** One leaf, if the log holds that index. */
    @Transactional
    public Optional<Leaf> leaf(long leafIndex) {
        return jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT l.seq, e.body FROM audit_leaf l LEFT JOIN audit_event e ON e.seq = l.seq
                    WHERE l.leaf_index = ?""")) {
                statement.setLong(1, leafIndex);
                try (ResultSet result = statement.executeQuery()) {
                    return result.next() ? Optional.of(new Leaf(leafIndex, result.getLong(1), result.getBytes(2)))
                            : Optional.<Leaf>empty();
                }
            }
        });
    }

    /** The leaf index of an event, if it has been integrated. */
    @Transactional
    public Optional<Long> leafIndexOf(String eventId) {
        return jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT l.leaf_index FROM audit_event e JOIN audit_leaf l ON l.seq = e.seq
                    WHERE e.event_id = CAST(? AS uuid)""")) {
                statement.setString(1, eventId);
                try (ResultSet result = statement.executeQuery()) {
                    return result.next() ? Optional.of(result.getLong(1)) : Optional.<Long>empty();
                }
            }
        });
    }

    /**
     * Passes the leaves {@code from <= index < to} to {@code each}, in leaf order (a leaf whose event is missing with
     * null data; a missing leaf index is skipped), read in the caller's transaction as {@link #forEachStoredLeaf}.
     */
    @Transactional
    public void forEachLeaf(long from, long to, Consumer<Leaf> each) {
        forEachJoined(from, to, "e.seq, e.body", event -> event.getBytes(2), (leafIndex, seq, data) -> {
            each.accept(new Leaf(leafIndex, seq, data));
            return true;
        });
    }

    /**
     * Passes the leaves {@code from <= index < to} with their tags and query columns to {@code each}, in leaf order
     * as {@link #forEachLeaf}, until it answers false. {@code each} may itself read the store (the cursor stays open
     * across other statements of the transaction).
     */
    @Transactional
    public void forEachStoredLeaf(long from, long to, Predicate<StoredLeaf> each) {
        forEachJoined(from, to, "e.seq, e.body, e.tag, e.tag_key_id, " + QUERY_COLUMNS,
                event -> new StoredEvent(event.getBytes(2), event.getString(3), event.getString(4),
                        queryColumns(event, 5)),
                (leafIndex, seq, event) -> each.test(event == null
                        ? new StoredLeaf(new Leaf(leafIndex, seq, null), null, null, null)
                        : new StoredLeaf(new Leaf(leafIndex, seq, event.data()), event.tag(), event.tagKeyId(),
                                event.columns())));
    }

    /** What {@link #forEachStoredLeaf} reads of an event row. */
    private record StoredEvent(byte[] data, String tag, String tagKeyId, QueryColumns columns) {
    }

    /** Reads what a leaf needs of its event from the current row of an event query. */
    @FunctionalInterface
    private interface EventReader<T> {
        T read(ResultSet event) throws SQLException;
    }

    /** Takes one leaf and what was read of its event (null when the event is not stored); false to stop. */
    @FunctionalInterface
    private interface JoinedLeaf<T> {
        boolean take(long leafIndex, long seq, T event);
    }

    /**
     * Reads the leaves {@code from <= index < to} in leaf order with the {@code columns} of their events (the first
     * of them {@code e.seq}), without asking PostgreSQL to join each leaf to its event by a primary-key lookup: the
     * leaves are read {@link #FETCH_SIZE} at a time, and the events of such a chunk by one scan of the primary key
     * over the seq range its leaves span. Leaves follow seq order but for events that committed late (the sequencer
     * takes waiting events in seq order; a straggler lands in a later batch), so a span is narrow; when a chunk spans
     * more than {@link #MAX_SPAN_FACTOR} seqs a leaf, its events are looked up by the list of its seqs instead. The
     * bytes of {@code e.body} (column 2) are the body's raw UTF-8 from the wire (PostgreSQL sends text in the client
     * encoding, UTF-8 for the JDBC driver), exactly the body's UTF-8 encoding, without decoding and encoding it
     * again. Neither a parallel plan nor PostgreSQL's JIT pays for itself on these streaming reads.
     */
    private <T> void forEachJoined(long from, long to, String columns, EventReader<T> reader, JoinedLeaf<T> each) {
        jdbc(connection -> {
            try (Statement settings = connection.createStatement()) {
                settings.execute("SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off");
            }
            try (PreparedStatement leaves = connection.prepareStatement("""
                    SELECT leaf_index, seq FROM audit_leaf WHERE leaf_index >= ? AND leaf_index < ?
                    ORDER BY leaf_index""");
                    PreparedStatement spanned = connection.prepareStatement("SELECT " + columns
                            + " FROM audit_event e WHERE e.seq BETWEEN ? AND ? ORDER BY e.seq");
                    PreparedStatement listed = connection.prepareStatement("SELECT " + columns
                            + " FROM audit_event e WHERE e.seq = ANY(?) ORDER BY e.seq")) {
                leaves.setLong(1, from);
                leaves.setLong(2, to);
                leaves.setFetchSize(FETCH_SIZE);
                long[] indexes = new long[FETCH_SIZE];
                long[] seqs = new long[FETCH_SIZE];
                try (ResultSet result = leaves.executeQuery()) {
                    boolean more = true;
                    while (more) {
                        int count = 0;
                        while (count < FETCH_SIZE && (more = result.next())) {
                            indexes[count] = result.getLong(1);
                            seqs[count] = result.getLong(2);
                            count++;
                        }
                        if (count == 0) {
                            break;
                        }
                        Map<Long, T> events = eventsOf(connection, spanned, listed, seqs, count, reader);
                        for (int i = 0; i < count; i++) {
                            if (!each.take(indexes[i], seqs[i], events.get(seqs[i]))) {
                                return null;
                            }
                        }
                    }
                }
            }
            return null;
        });
    }

    /** What {@code reader} reads of the stored events of the first {@code count} seqs, by seq. */
    private static <T> Map<Long, T> eventsOf(Connection connection, PreparedStatement spanned,
            PreparedStatement listed, long[] seqs, int count, EventReader<T> reader) throws SQLException {
        long[] sorted = Arrays.copyOf(seqs, count);
        Arrays.sort(sorted);
        PreparedStatement query;
        if (sorted[count - 1] - sorted[0] < (long) MAX_SPAN_FACTOR * count) {
            query = spanned;
            query.setLong(1, sorted[0]);
            query.setLong(2, sorted[count - 1]);
        } else {
            query = listed;
            query.setArray(1, connection.createArrayOf("bigint", Arrays.stream(sorted).boxed().toArray()));
        }
        Map<Long, T> events = new HashMap<>(2 * count);
        try (ResultSet result = query.executeQuery()) {
            while (result.next()) {
                long seq = result.getLong(1);
                // a span also holds events of other chunks and events outside the log
                if (Arrays.binarySearch(sorted, seq) >= 0) {
                    events.put(seq, reader.read(result));
                }
            }
        }
        return events;
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T jdbc(Work<T> work) {
        return entityManager.unwrap(Session.class).doReturningWork(work::run);
    }
}
