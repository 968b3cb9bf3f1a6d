package io.tdeguard.audit;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    private final EntityManager entityManager;

    LogStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** A stored checkpoint: its tree size, root hash and the signed note. */
    public record TreeHead(long treeSize, byte[] rootHash, String note) {
    }

    /** An event waiting for the sequencer; {@code body} null when the queued seq has no event. */
    public record Waiting(long seq, String body, String tag, String tagKeyId) {
    }

    /** A leaf of the log and the stored event it is. */
    public record Leaf(long leafIndex, long seq, String eventId, String body, String tag, String tagKeyId,
            Map<String, String> columns) {
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
                List<Waiting> waiting = new ArrayList<>();
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        waiting.add(new Waiting(result.getLong(1), result.getString(2), result.getString(3),
                                result.getString(4)));
                    }
                }
                return waiting;
            }
        });
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
        List<Leaf> found = leaves(leafIndex, leafIndex + 1);
        return found.stream().findFirst();
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

    /** Query columns of an event, by the names of the event's JSON fields they copy. */
    static final String[] COLUMNS = {"eventId", "eventTime", "eventName", "phase", "outcome", "requestId",
        "userName", "instanceId", "approvalId", "errorCode", "intentEventId"};

    /** The leaves {@code from <= index < to} with their events, in leaf order (an event missing: no entry). */
    @Transactional
    public List<Leaf> leaves(long from, long to) {
        return jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT l.leaf_index, l.seq, CAST(e.event_id AS text), e.body, e.tag, e.tag_key_id,
                           to_char(e.event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                           e.event_name, e.phase, e.outcome, e.request_id, e.user_name, e.instance_id,
                           e.approval_id, e.error_code, CAST(e.intent_event_id AS text)
                    FROM audit_leaf l LEFT JOIN audit_event e ON e.seq = l.seq
                    WHERE l.leaf_index >= ? AND l.leaf_index < ? ORDER BY l.leaf_index""")) {
                statement.setLong(1, from);
                statement.setLong(2, to);
                statement.setFetchSize(5000);
                List<Leaf> leaves = new ArrayList<>();
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        Map<String, String> columns = new HashMap<>();
                        columns.put("eventId", result.getString(3));
                        columns.put("eventTime", result.getString(7));
                        for (int i = 2; i < COLUMNS.length; i++) {
                            columns.put(COLUMNS[i], result.getString(6 + i));
                        }
                        leaves.add(new Leaf(result.getLong(1), result.getLong(2), result.getString(3),
                                result.getString(4), result.getString(5), result.getString(6), columns));
                    }
                }
                return leaves;
            }
        });
    }

    /** The leaf bytes of a stored body. */
    public static byte[] leafBytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T jdbc(Work<T> work) {
        return entityManager.unwrap(Session.class).doReturningWork(work::run);
    }
}
