package io.tdeguard.startup;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The schema version this build expects, checked at a prod start in place of Hibernate ORM's schema validation
 * (one query instead of reading the metadata of every table, about a second of the start): prod never migrates at
 * start, so a database the migrate command has not brought to this version stops the start.
 * {@code SchemaVersionTest} keeps {@link #EXPECTED} equal to the newest migration in {@code db/migration}.
 */
final class SchemaVersion {

    /** The version of the newest migration (V15__unauthenticated_refusal_count.sql). */
    static final String EXPECTED = "16";

    private SchemaVersion() {
    }

    static void check(Connection connection) throws SQLException {
        String applied = null;
        try (Statement query = connection.createStatement()) {
            if (!exists(query)) {
                throw new UnsafeStart("the database has no schema (no flyway_schema_history): apply the migrations "
                        + "first with the migrate command, as the owner role (README, \"Operations\")");
            }
            try (ResultSet row = query.executeQuery("select version from flyway_schema_history where success "
                    + "and version is not null order by installed_rank desc limit 1")) {
                if (row.next()) {
                    applied = row.getString(1);
                }
            }
        }
        if (!EXPECTED.equals(applied)) {
            throw new UnsafeStart("the database schema is at version " + applied + " but this build needs version "
                    + EXPECTED + ": run the migrate command of this build first, as the owner role");
        }
    }

    private static boolean exists(Statement query) throws SQLException {
        try (ResultSet row = query.executeQuery("select to_regclass('flyway_schema_history') is not null")) {
            row.next();
            return row.getBoolean(1);
        }
    }
}
