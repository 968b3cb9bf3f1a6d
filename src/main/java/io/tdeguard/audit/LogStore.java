package io.tdeguard.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
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

    /** Rows a streaming read holds at a time. */
    static final int FETCH_SIZE = 2000;

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
            // without a first one, the primary key's order (an index scan of one batch, however long the queue)
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT p.seq, e.body, e.tag, e.tag_key_id FROM audit_pending p LEFT JOIN audit_event e ON e.seq = p.seq
                    ORDER BY""" + (first < 0 ? " p.seq LIMIT ?" : " p.seq = ? DESC, p.seq LIMIT ?"))) {
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
     * null data; a missing leaf index is skipped), read through one cursor in the caller's transaction.
     */
    @Transactional
    public void forEachLeaf(long from, long to, Consumer<Leaf> each) {
        stream("""
                SELECT l.leaf_index, l.seq, e.body FROM audit_leaf l LEFT JOIN audit_event e ON e.seq = l.seq
                WHERE l.leaf_index >= ? AND l.leaf_index < ? ORDER BY l.leaf_index""", from, to,
                result -> {
                    each.accept(new Leaf(result.getLong(1), result.getLong(2), result.getBytes(3)));
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
        stream("""
                SELECT l.leaf_index, l.seq, e.body, e.tag, e.tag_key_id, CAST(e.event_id AS text),
                       CAST(EXTRACT(EPOCH FROM e.event_time) * 1000000 AS bigint), e.event_name, e.phase, e.outcome,
                       e.request_id, e.user_name, e.instance_id, e.approval_id, e.error_code,
                       CAST(e.intent_event_id AS text)
                FROM audit_leaf l LEFT JOIN audit_event e ON e.seq = l.seq
                WHERE l.leaf_index >= ? AND l.leaf_index < ? ORDER BY l.leaf_index""", from, to, result -> {
            Leaf leaf = new Leaf(result.getLong(1), result.getLong(2), result.getBytes(3));
            QueryColumns columns = leaf.data() == null ? null : new QueryColumns(result.getString(6),
                    result.getLong(7), result.getString(8), result.getString(9), result.getString(10),
                    result.getString(11), result.getString(12), result.getString(13), result.getString(14),
                    result.getString(15), result.getString(16));
            return each.test(new StoredLeaf(leaf, result.getString(4), result.getString(5), columns));
        });
    }

    /** Reads the current row; false to stop reading. */
    @FunctionalInterface
    private interface Row {
        boolean read(ResultSet result) throws SQLException;
    }

    /**
     * Runs a query over a leaf range through a cursor of {@link #FETCH_SIZE} rows. The leaf bytes are read as the
     * body's raw UTF-8 from the wire (PostgreSQL sends text in the client encoding, UTF-8 for the JDBC driver),
     * which is exactly the body's UTF-8 encoding, without decoding and encoding it again. Neither a parallel plan
     * nor PostgreSQL's JIT pays for itself on a read that streams in leaf order from the primary key.
     */
    private void stream(String sql, long from, long to, Row row) {
        jdbc(connection -> {
            try (Statement settings = connection.createStatement()) {
                settings.execute("SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off");
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setLong(1, from);
                statement.setLong(2, to);
                statement.setFetchSize(FETCH_SIZE);
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next() && row.read(result)) {
                        // each row is handed over as it arrives
                    }
                }
            }
            return null;
        });
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T jdbc(Work<T> work) {
        return entityManager.unwrap(Session.class).doReturningWork(work::run);
    }
}
