package io.tdeguard.audit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * deploy/db/roles.sql, the very script operators run, applied to the test database by its superuser: the
 * application role may only INSERT and SELECT the audit tables, the auditor only SELECT them. Everything runs in
 * one transaction that is rolled back (roles and grants are transactional in PostgreSQL), so the database is left
 * as it was. Each refusal must come from the missing privilege, not from the append-only triggers.
 */
@QuarkusTest
class DatabaseRolesTest {

    static final Path SCRIPT = Path.of("deploy/db/roles.sql");

    @Inject
    DataSource dataSource;

    @Test
    void theApplicationRoleCannotUpdateDeleteOrTruncateTheAuditTables() throws Exception {
        inRolledBackTransaction(statement -> {
            statement.execute("SET ROLE tdeguard_app");
            for (String[] table : new String[][] { {"audit_event", "hash"}, {"audit_checkpoint", "hash"},
                {"audit_leaf", "seq"}, {"audit_tile", "hashes"}, {"audit_tree_head", "note"} }) {
                assertDoesNotThrow(() -> statement.executeQuery("SELECT count(*) FROM " + table[0]).close());
                assertDenied(statement, "UPDATE " + table[0] + " SET " + table[1] + " = " + table[1]);
                assertDenied(statement, "DELETE FROM " + table[0]);
                assertDenied(statement, "TRUNCATE " + table[0]);
            }
            // the sequencer's queue is the one audit table it deletes from, and never updates
            assertAllowed(statement, "DELETE FROM audit_pending WHERE false");
            assertDenied(statement, "UPDATE audit_pending SET seq = seq");
            assertDenied(statement, "TRUNCATE audit_pending");
            assertAllowed(statement, "INSERT INTO audit_tree_head (tree_size, root_hash, note, signed_at) "
                    + "VALUES (0, decode(repeat('00', 32), 'hex'), 'probe', now())");
            // it may append
            assertAllowed(statement, """
                    INSERT INTO audit_event (seq, event_id, event_time, event_name, phase, outcome, request_id, body,
                        prev_hash, hash)
                    VALUES (-1, gen_random_uuid(), now(), 'RoleProbe', 'single', 'Succeeded', 'probe', '{}', 'x', 'y')""");
            assertAllowed(statement, """
                    INSERT INTO audit_checkpoint (seq, hash, checkpoint_time, key_id, signature)
                    VALUES (1, repeat('0', 64), now(), 'probe', 'probe')""");
            // the counts of throttled refusals wait in a table of the function's own: it adds to them and takes them
            assertAllowed(statement, """
                    INSERT INTO unauthenticated_refusal_count AS c (source_ip, code, window_start, window_end, refusals,
                        first_request_id, last_request_id)
                    VALUES ('probe', 'probe', now(), now(), 1, 'probe', 'probe')
                    ON CONFLICT (source_ip, code, window_start) DO UPDATE SET refusals = c.refusals + 1""");
            assertAllowed(statement, "DELETE FROM unauthenticated_refusal_count WHERE source_ip = 'probe'");
            // and still runs the rest of the function
            assertAllowed(statement, "UPDATE approval SET status = status WHERE false");
            assertAllowed(statement, "DELETE FROM signature_nonce WHERE false");
            assertDenied(statement, "TRUNCATE signature_nonce");
            assertDenied(statement, "DELETE FROM flyway_schema_history WHERE false");
        });
    }

    @Test
    void theAuditorRoleOnlyReadsTheAuditTables() throws Exception {
        inRolledBackTransaction(statement -> {
            statement.execute("SET ROLE tdeguard_auditor");
            assertDoesNotThrow(() -> statement.executeQuery("SELECT count(*) FROM audit_event").close());
            assertDoesNotThrow(() -> statement.executeQuery("SELECT count(*) FROM audit_checkpoint").close());
            assertDenied(statement, """
                    INSERT INTO audit_checkpoint (seq, hash, checkpoint_time, key_id, signature)
                    VALUES (1, repeat('0', 64), now(), 'probe', 'probe')""");
            assertDenied(statement, "UPDATE audit_event SET hash = hash");
            for (String table : new String[] { "audit_leaf", "audit_tile", "audit_tree_head" }) {
                assertDoesNotThrow(() -> statement.executeQuery("SELECT count(*) FROM " + table).close());
            }
            assertDenied(statement, "DELETE FROM audit_pending");
            assertDenied(statement, "SELECT count(*) FROM access_key");
            assertDenied(statement, "SELECT count(*) FROM approval");
        });
    }

    @Test
    void theScriptCanRunTwice() throws Exception {
        inRolledBackTransaction(statement -> statement.execute(Files.readString(SCRIPT)));
    }

    interface Body {
        void run(Statement statement) throws Exception;
    }

    private void inRolledBackTransaction(Body body) throws Exception {
        assertTrue(Files.isRegularFile(SCRIPT), SCRIPT.toAbsolutePath() + " is missing");
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute(Files.readString(SCRIPT));
                body.run(statement);
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
                try (Statement reset = connection.createStatement()) {
                    reset.execute("RESET ROLE");
                }
            }
        }
    }

    private static void assertDenied(Statement statement, String sql) throws SQLException {
        Connection connection = statement.getConnection();
        Savepoint before = connection.setSavepoint();
        SQLException refused = assertThrows(SQLException.class, () -> statement.execute(sql), sql);
        connection.rollback(before);
        assertEquals("42501", refused.getSQLState(), sql + ": " + refused.getMessage());
        assertTrue(refused.getMessage().contains("permission denied"), sql + ": " + refused.getMessage());
    }

    private static void assertAllowed(Statement statement, String sql) throws SQLException {
        Connection connection = statement.getConnection();
        Savepoint before = connection.setSavepoint();
        try {
            statement.execute(sql);
        } finally {
            connection.rollback(before);
        }
    }
}
