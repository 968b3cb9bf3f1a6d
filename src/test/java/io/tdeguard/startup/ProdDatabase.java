package io.tdeguard.startup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A throwaway PostgreSQL (embedded) with production's roles: deploy/db/roles.sql, the very script operators run, gives
 * tdeguard_owner, tdeguard_app and tdeguard_auditor logins on a database {@code tdeguard}, before and after the
 * packaged application's migrate command (README, "Operations").
 */
final class ProdDatabase implements AutoCloseable {

    static final Path ROLES = Path.of("deploy/db/roles.sql");
    static final String DATABASE = "tdeguard";

    private final EmbeddedPostgres server;

    private ProdDatabase(EmbeddedPostgres server) {
        this.server = server;
    }

    /** A fresh database, its roles with passwords, and no schema. */
    static ProdDatabase empty() throws Exception {
        ProdDatabase database = new ProdDatabase(EmbeddedPostgres.builder().start());
        try (Connection admin = database.superuser("postgres"); Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + DATABASE);
        }
        database.applyRoles();
        try (Connection admin = database.superuser(DATABASE); Statement sql = admin.createStatement()) {
            for (String role : new String[] { "tdeguard_owner", "tdeguard_app", "tdeguard_auditor" }) {
                sql.execute("ALTER ROLE " + role + " LOGIN PASSWORD '" + password(role) + "'");
            }
        }
        return database;
    }

    static String password(String role) {
        return role + "-password";
    }

    /** The datasource settings of a start as {@code role}. */
    Map<String, String> as(String role) {
        return Map.of("QUARKUS_DATASOURCE_JDBC_URL", server.getJdbcUrl(role, DATABASE),
                "QUARKUS_DATASOURCE_USERNAME", role,
                "QUARKUS_DATASOURCE_PASSWORD", password(role));
    }

    void applyRoles() throws Exception {
        try (Connection admin = superuser(DATABASE); Statement sql = admin.createStatement()) {
            sql.execute(Files.readString(ROLES));
        }
    }

    /** Runs {@code sql} as the superuser in the function's database. */
    void asSuperuser(String sql) throws Exception {
        try (Connection admin = superuser(DATABASE); Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }

    long count(String table) throws Exception {
        try (Connection admin = superuser(DATABASE); Statement sql = admin.createStatement();
                ResultSet row = sql.executeQuery("SELECT count(*) FROM " + table)) {
            row.next();
            return row.getLong(1);
        }
    }

    private Connection superuser(String database) throws Exception {
        return DriverManager.getConnection(server.getJdbcUrl("postgres", database), "postgres", "postgres");
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
