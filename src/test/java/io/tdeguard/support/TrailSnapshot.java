package io.tdeguard.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * The trail as stored before a test tampers with it as the database owner, and its restoration afterwards, so that
 * the other tests of the run keep one intact log. Restoring drops whatever was appended, integrated or checkpointed
 * after the snapshot (the tampering test's own calls) and puts the saved rows of every audit table back, with the
 * append-only triggers disabled for the moment, as only the owner can.
 */
public final class TrailSnapshot {

    /** The audit tables, and how each is ordered. */
    private static final String[][] TABLES = {
        {"audit_event", "seq"}, {"audit_checkpoint", "checkpoint_id"}, {"audit_leaf", "leaf_index"},
        {"audit_tile", "level, idx, width"}, {"audit_tree_head", "tree_size"}, {"audit_pending", "seq"}};

    private final DataSource dataSource;
    private final List<Rows> tables;

    private record Rows(String table, List<String> columns, List<Object[]> values) {
    }

    private TrailSnapshot(DataSource dataSource, List<Rows> tables) {
        this.dataSource = dataSource;
        this.tables = tables;
    }

    /** Every row of every audit table ({@code fromSeq} is kept for the callers: the whole trail is saved). */
    public static TrailSnapshot from(DataSource dataSource, long fromSeq) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            List<Rows> tables = new ArrayList<>();
            for (String[] table : TABLES) {
                tables.add(read(statement, table[0], "SELECT * FROM " + table[0] + " ORDER BY " + table[1]));
            }
            return new TrailSnapshot(dataSource, tables);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Rows read(Statement statement, String table, String sql) throws SQLException {
        List<Object[]> values = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(sql)) {
            ResultSetMetaData meta = result.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i));
            }
            while (result.next()) {
                Object[] row = new Object[columns.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = result.getObject(i + 1);
                }
                values.add(row);
            }
        }
        return new Rows(table, columns, values);
    }

    /** As the owner: the audit tables back as they were at the snapshot. */
    public void restore() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (Rows rows : tables) {
                    statement.execute("ALTER TABLE " + rows.table() + " DISABLE TRIGGER USER");
                    statement.execute("DELETE FROM " + rows.table());
                    insert(connection, rows, rows.table().equals("audit_checkpoint") ? " OVERRIDING SYSTEM VALUE" : "");
                    statement.execute("ALTER TABLE " + rows.table() + " ENABLE TRIGGER USER");
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void insert(Connection connection, Rows rows, String overriding) throws SQLException {
        String sql = "INSERT INTO " + rows.table() + " (" + String.join(", ", rows.columns()) + ")" + overriding
                + " VALUES (" + String.join(", ", rows.columns().stream().map(c -> "?").toList()) + ")";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Object[] row : rows.values()) {
                for (int i = 0; i < row.length; i++) {
                    statement.setObject(i + 1, row[i]);
                }
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** Runs statements as the owner (the test database's superuser), each on its own. */
    public static void owner(DataSource dataSource, String... sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A single long from a query. */
    public static long number(DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
