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
 * the other tests of the run keep one intact chain. Restoring drops whatever was appended or checkpointed after the
 * snapshot (the tampering test's own calls) and puts the saved rows back, with the append-only triggers disabled
 * for the moment, as only the owner can.
 */
public final class TrailSnapshot {

    private final DataSource dataSource;
    private final long fromSeq;
    private final Rows events;
    private final Rows checkpoints;

    private record Rows(String table, List<String> columns, List<Object[]> values) {
    }

    private TrailSnapshot(DataSource dataSource, long fromSeq, Rows events, Rows checkpoints) {
        this.dataSource = dataSource;
        this.fromSeq = fromSeq;
        this.events = events;
        this.checkpoints = checkpoints;
    }

    /** The events from {@code fromSeq} on, and every checkpoint. */
    public static TrailSnapshot from(DataSource dataSource, long fromSeq) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            return new TrailSnapshot(dataSource, fromSeq,
                    read(statement, "audit_event", "SELECT * FROM audit_event WHERE seq >= " + fromSeq + " ORDER BY seq"),
                    read(statement, "audit_checkpoint", "SELECT * FROM audit_checkpoint ORDER BY checkpoint_id"));
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
                statement.execute("ALTER TABLE audit_event DISABLE TRIGGER USER");
                statement.execute("ALTER TABLE audit_checkpoint DISABLE TRIGGER USER");
                statement.execute("DELETE FROM audit_event WHERE seq >= " + fromSeq);
                statement.execute("DELETE FROM audit_checkpoint");
                insert(connection, events, "");
                insert(connection, checkpoints, " OVERRIDING SYSTEM VALUE");
                statement.execute("ALTER TABLE audit_event ENABLE TRIGGER USER");
                statement.execute("ALTER TABLE audit_checkpoint ENABLE TRIGGER USER");
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
