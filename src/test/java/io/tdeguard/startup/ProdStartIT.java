package io.tdeguard.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The packaged application in the prod profile, as production runs it: on a fresh database (a throwaway embedded
 * PostgreSQL) with the roles of deploy/db/roles.sql, the migrate command applies the schema as the owner and exits,
 * then the function serves as the application role. Unsafe starts stop with a message saying why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProdStartIT {

    private static final Path ROLES = Path.of("deploy/db/roles.sql");

    private EmbeddedPostgres server;
    private PackagedApp.Exit migration;

    @BeforeAll
    void migrateAnEmptyDatabaseAsTheOwner() throws Exception {
        server = EmbeddedPostgres.builder().start();
        try (Connection admin = superuser("postgres"); Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE tdeguard");
        }
        applyRoles();
        try (Connection admin = superuser("tdeguard"); Statement sql = admin.createStatement()) {
            for (String role : new String[] { "tdeguard_owner", "tdeguard_app", "tdeguard_auditor" }) {
                sql.execute("ALTER ROLE " + role + " LOGIN PASSWORD '" + role + "-password'");
            }
        }
        migration = PackagedApp.run(PackagedApp.javaJar("migrate"), as("tdeguard_owner", Map.of()));
        // The grants on the tables the migrations created (README, "Operations").
        applyRoles();
    }

    @AfterAll
    void stopTheDatabase() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void migrateAppliesTheSchemaAndExitsThenTheApplicationRoleServes() throws Exception {
        assertEquals(0, migration.code(), migration.output());
        assertTrue(migration.output().contains("the database schema is at version " + SchemaVersion.EXPECTED),
                migration.output());
        int port = PackagedApp.freePort();
        PackagedApp.serve(PackagedApp.javaJar(), as("tdeguard_app", Map.of("TDEGUARD_TDE_BACKEND", "openapi",
                "QUARKUS_HTTP_PORT", String.valueOf(port))), port, (http, base) -> {
                });
    }

    @Test
    void aSimulatedProductionSeedsNoDemoInstancesOrIdentities() throws Exception {
        int port = PackagedApp.freePort();
        String output = PackagedApp.serve(PackagedApp.javaJar(), as("tdeguard_app", Map.of(
                "TDEGUARD_TDE_BACKEND", "simulator", "TDEGUARD_SIMULATOR_ALLOW_IN_PROD", "true",
                "QUARKUS_HTTP_PORT", String.valueOf(port))), port, (http, base) -> {
                });
        assertTrue(output.contains("no TDE change reaches R-kvstore"), output);
        assertEquals(0, count("sim_instance"));
        assertEquals(0, count("ram_user"));
    }

    @Test
    void aStartWithoutABackendStopsNamingTheKey() throws Exception {
        PackagedApp.Exit exit = PackagedApp.run(PackagedApp.javaJar(), as("tdeguard_app", Map.of()));
        assertRefused(exit, "tdeguard.tde.backend (TDEGUARD_TDE_BACKEND) is not set");
    }

    @Test
    void theSimulatorWithoutTheFlagStops() throws Exception {
        PackagedApp.Exit exit = PackagedApp.run(PackagedApp.javaJar(),
                as("tdeguard_app", Map.of("TDEGUARD_TDE_BACKEND", "simulator")));
        assertRefused(exit, "tdeguard.tde.backend=simulator in the prod profile");
        assertTrue(exit.output().contains("tdeguard.simulator.allow-in-prod=true"), exit.output());
    }

    @Test
    void aSuperuserStops() throws Exception {
        PackagedApp.Exit exit = PackagedApp.run(PackagedApp.javaJar(),
                as("postgres", Map.of("TDEGUARD_TDE_BACKEND", "openapi")));
        assertRefused(exit, "the database role \"postgres\" is a superuser");
        assertTrue(exit.output().contains("tdeguard.database.allow-privileged-role=true"), exit.output());
    }

    @Test
    void theOwnerOfTheAuditTablesStops() throws Exception {
        PackagedApp.Exit exit = PackagedApp.run(PackagedApp.javaJar(),
                as("tdeguard_owner", Map.of("TDEGUARD_TDE_BACKEND", "openapi")));
        assertRefused(exit, "the database role \"tdeguard_owner\" owns the audit log's tables [audit_checkpoint, "
                + "audit_event]");
    }

    private static void assertRefused(PackagedApp.Exit exit, String why) {
        assertNotEquals(0, exit.code(), exit.output());
        assertTrue(exit.output().contains("refusing to start: " + why), exit.output());
    }

    private Map<String, String> as(String role, Map<String, String> more) {
        Map<String, String> env = PackagedApp.prodEnvironment();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", server.getJdbcUrl(role, "tdeguard"));
        env.put("QUARKUS_DATASOURCE_USERNAME", role);
        env.put("QUARKUS_DATASOURCE_PASSWORD", role + "-password");
        env.putAll(more);
        return env;
    }

    private Connection superuser(String database) throws Exception {
        return DriverManager.getConnection(server.getJdbcUrl("postgres", database), "postgres", "postgres");
    }

    private void applyRoles() throws Exception {
        try (Connection admin = superuser("tdeguard"); Statement sql = admin.createStatement()) {
            sql.execute(Files.readString(ROLES));
        }
    }

    private long count(String table) throws Exception {
        try (Connection admin = superuser("tdeguard"); Statement sql = admin.createStatement();
                ResultSet row = sql.executeQuery("SELECT count(*) FROM " + table)) {
            row.next();
            return row.getLong(1);
        }
    }
}
