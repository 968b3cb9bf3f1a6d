package io.tdeguard.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.tdeguard.support.RawHttp;

/**
 * The packaged application in the prod profile, as production runs it: on a fresh database (a throwaway embedded
 * PostgreSQL) with the roles of deploy/db/roles.sql, the migrate command applies the schema as the owner and exits,
 * then the function serves as the application role. Unsafe starts stop with a message saying why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProdStartIT {

    private static final List<String> SERVING_KEYS = List.of("TDEGUARD_SECRETS_ENCRYPTION_KEY",
            "TDEGUARD_AUDIT_TAG_KEY", "TDEGUARD_AUDIT_CHECKPOINT_PRIVATE_KEY");

    private ProdDatabase database;
    private PackagedApp.Exit migration;

    @BeforeAll
    void migrateAnEmptyDatabaseAsTheOwner() throws Exception {
        database = ProdDatabase.empty();
        // The migration Job gets the owner's credentials and none of the keys that serving needs.
        Map<String, String> owner = as("tdeguard_owner", Map.of());
        owner.keySet().removeAll(SERVING_KEYS);
        migration = PackagedApp.run(PackagedApp.javaJar("migrate"), owner);
        // The grants on the tables the migrations created (README, "Operations").
        database.applyRoles();
    }

    @AfterAll
    void stopTheDatabase() throws Exception {
        if (database != null) {
            database.close();
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
                    // The entry point turned Quarkus's empty 400 off: the function's own check answers.
                    RawHttp.Answer malformed = RawHttp.send(port, "POST", "/ModifyInstanceTDE?x=%ZZ", Map.of());
                    assertEquals(400, malformed.status(), malformed.body());
                    assertTrue(malformed.body().contains("\"Code\":\"InvalidParameter\""), malformed.body());
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
        assertEquals(0, database.count("sim_instance"));
        assertEquals(0, database.count("ram_user"));
    }

    @Test
    void aStartWithoutABackendStopsNamingTheKey() throws Exception {
        assertRefused(startAs("tdeguard_app", null), "tdeguard.tde.backend (TDEGUARD_TDE_BACKEND) is not set");
    }

    @Test
    void aStartWithoutTheKeysStopsNamingEach() throws Exception {
        Map<String, String> env = as("tdeguard_app", Map.of("TDEGUARD_TDE_BACKEND", "openapi"));
        env.keySet().removeAll(List.of("TDEGUARD_AUDIT_TAG_KEY", "TDEGUARD_AUDIT_CHECKPOINT_PRIVATE_KEY"));
        assertRefused(PackagedApp.run(PackagedApp.javaJar(), env), "tdeguard.audit.tag.key (TDEGUARD_AUDIT_TAG_KEY), "
                + "tdeguard.audit.checkpoint.private-key (TDEGUARD_AUDIT_CHECKPOINT_PRIVATE_KEY) are not set");
    }

    @Test
    void aKeyThatIsSetButUnusableStopsTheStart() throws Exception {
        assertStopsSaying(Map.of("TDEGUARD_AUDIT_TAG_KEY", "c2hvcnQ="), "tdeguard.audit.tag.key");
    }

    @Test
    void aProfileOfAnotherNameIsProduction() throws Exception {
        List<String> staging = new ArrayList<>(PackagedApp.javaJar());
        staging.replaceAll(argument -> argument.equals("-Dquarkus.profile=prod") ? "-Dquarkus.profile=staging"
                : argument);
        assertRefused(PackagedApp.run(staging, as("tdeguard_app", Map.of())),
                "tdeguard.tde.backend (TDEGUARD_TDE_BACKEND) is not set");
    }

    @Test
    void aMixOfProdAndADevelopmentProfileIsProduction() throws Exception {
        List<String> mixed = new ArrayList<>(PackagedApp.javaJar());
        mixed.replaceAll(argument -> argument.equals("-Dquarkus.profile=prod") ? "-Dquarkus.profile=prod,local"
                : argument);
        // The local profile's simulator is not enough to make it a development start.
        assertRefused(PackagedApp.run(mixed, as("tdeguard_app", Map.of())),
                "tdeguard.tde.backend=simulator in production");
    }

    @Test
    void trustingEveryAddressAsAProxyStops() throws Exception {
        assertStopsSaying(Map.of("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true",
                "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", "10.0.0.1,0.0.0.0/0"),
                "quarkus.http.proxy.trusted-proxies lists 0.0.0.0/0");
    }

    @Test
    void functionComputeWithoutTheScheduledWorkTokenStops() throws Exception {
        assertStopsSaying(Map.of("FC_FUNCTION_NAME", "tde-guard", "FC_REGION", "cn-hangzhou",
                "FC_ACCOUNT_ID", "1234567890123456"), "tdeguard.scheduled-work.token (TDEGUARD_SCHEDULED_WORK_TOKEN) "
                + "is not set on Function Compute");
    }

    @Test
    void anUnknownCommandOrArgumentIsRefusedBeforeAnythingStarts() throws Exception {
        for (List<String> command : List.of(PackagedApp.javaJar("migrat"), PackagedApp.javaJar("migrate", "--foo"),
                PackagedApp.javaJar("--help"))) {
            PackagedApp.Exit exit = PackagedApp.run(command, as("tdeguard_owner", Map.of()));
            assertEquals(TdeGuardMain.USAGE, exit.code(), exit.output());
            assertTrue(exit.output().contains("unknown arguments"), exit.output());
            assertFalse(exit.output().contains("Installed features"), exit.output());
        }
    }

    @Test
    void aStartWithoutAcceptedHostsStopsNamingTheKey() throws Exception {
        Map<String, String> env = as("tdeguard_app", Map.of("TDEGUARD_TDE_BACKEND", "openapi"));
        env.remove("TDEGUARD_AUTH_ACCEPTED_HOSTS");
        assertRefused(PackagedApp.run(PackagedApp.javaJar(), env),
                "tdeguard.auth.accepted-hosts (TDEGUARD_AUTH_ACCEPTED_HOSTS) is not set");
    }

    @Test
    void aReconcileDelayShorterThanTheLongestChangeStops() throws Exception {
        assertStopsSaying(Map.of("TDEGUARD_AUDIT_RECONCILE_AFTER", "PT1M"),
                "tdeguard.audit.reconcile.after (PT1M) must exceed");
    }

    @Test
    void forwardingWithoutTrustedProxiesStopsNamingTheKey() throws Exception {
        Map<String, String> env = as("tdeguard_app", Map.of("TDEGUARD_TDE_BACKEND", "openapi",
                "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true"));
        env.remove("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES");
        assertRefused(PackagedApp.run(PackagedApp.javaJar(), env), "quarkus.http.proxy.proxy-address-forwarding=true "
                + "without quarkus.http.proxy.trusted-proxies (QUARKUS_HTTP_PROXY_TRUSTED_PROXIES)");
    }

    @Test
    void forwardingBothFormsStopsNamingTheKeys() throws Exception {
        Map<String, String> env = as("tdeguard_app", Map.of("TDEGUARD_TDE_BACKEND", "openapi",
                "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true", "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", "10.0.0.1",
                "QUARKUS_HTTP_PROXY_ALLOW_FORWARDED", "true", "QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED", "true"));
        assertRefused(PackagedApp.run(PackagedApp.javaJar(), env), "quarkus.http.proxy.allow-forwarded=true together "
                + "with quarkus.http.proxy.allow-x-forwarded=true");
    }

    @Test
    void theSimulatorWithoutTheFlagStops() throws Exception {
        PackagedApp.Exit exit = startAs("tdeguard_app", "simulator");
        assertRefused(exit, "tdeguard.tde.backend=simulator in production");
        assertTrue(exit.output().contains("tdeguard.simulator.allow-in-prod=true"), exit.output());
    }

    @Test
    void aSuperuserStops() throws Exception {
        PackagedApp.Exit exit = startAs("postgres", "openapi");
        assertRefused(exit, "the database role \"postgres\" is a superuser");
        assertTrue(exit.output().contains("tdeguard.database.allow-privileged-role=true"), exit.output());
    }

    @Test
    void theOwnerOfTheAuditTablesStops() throws Exception {
        assertRefused(startAs("tdeguard_owner", "openapi"),
                "the database role \"tdeguard_owner\" owns the audit log's tables [audit_checkpoint, audit_event, "
                        + "audit_leaf, audit_pending, audit_tile, audit_tree_head]");
    }

    @Test
    void theApplicationRoleWithCreateRoleStops() throws Exception {
        assertRefusedWhile("ALTER ROLE tdeguard_app CREATEROLE", "ALTER ROLE tdeguard_app NOCREATEROLE",
                "the database role \"tdeguard_app\" has CREATEROLE");
    }

    @Test
    void theApplicationRoleAsAMemberOfASuperuserRoleStops() throws Exception {
        assertRefusedWhile("CREATE ROLE tdeguard_root SUPERUSER NOLOGIN; GRANT tdeguard_root TO tdeguard_app",
                "DROP ROLE tdeguard_root", "the database role \"tdeguard_app\" is a member of the superuser role(s) "
                        + "[tdeguard_root]");
    }

    @Test
    void theApplicationRoleWithAPrivilegeOnlyTriggersStandAgainstStops() throws Exception {
        assertRefusedWhile("GRANT UPDATE, TRUNCATE ON audit_event TO tdeguard_app",
                "REVOKE UPDATE, TRUNCATE ON audit_event FROM tdeguard_app", "the database role \"tdeguard_app\" "
                        + "holds privileges on the audit log's tables that only its triggers stand against "
                        + "[audit_event TRUNCATE, audit_event UPDATE]");
    }

    @Test
    void theApplicationRoleOwningTheDatabaseStops() throws Exception {
        assertRefusedWhile("ALTER DATABASE " + ProdDatabase.DATABASE + " OWNER TO tdeguard_app",
                "ALTER DATABASE " + ProdDatabase.DATABASE + " OWNER TO postgres",
                "the database role \"tdeguard_app\" owns the schema of the audit log's tables [public]");
    }

    /** The application role's prod start with the openapi backend and {@code settings} stops, saying {@code what}. */
    private void assertStopsSaying(Map<String, String> settings, String what) throws Exception {
        Map<String, String> env = as("tdeguard_app", Map.of("TDEGUARD_TDE_BACKEND", "openapi"));
        env.putAll(settings);
        PackagedApp.Exit exit = PackagedApp.run(PackagedApp.javaJar(), env);
        assertNotEquals(0, exit.code(), exit.output());
        assertTrue(exit.output().contains(what), exit.output());
    }

    /** The application role's prod start, while {@code grant} holds, stops saying {@code why}. */
    private void assertRefusedWhile(String grant, String undo, String why) throws Exception {
        database.asSuperuser(grant);
        try {
            assertRefused(startAs("tdeguard_app", "openapi"), why);
        } finally {
            database.asSuperuser(undo);
        }
    }

    /** A prod start that is expected to end: as {@code role}, with {@code backend} (or none). */
    private PackagedApp.Exit startAs(String role, String backend) throws Exception {
        return PackagedApp.run(PackagedApp.javaJar(),
                as(role, backend == null ? Map.of() : Map.of("TDEGUARD_TDE_BACKEND", backend)));
    }

    private static void assertRefused(PackagedApp.Exit exit, String why) {
        assertNotEquals(0, exit.code(), exit.output());
        assertTrue(exit.output().contains("refusing to start: " + why), exit.output());
    }

    private Map<String, String> as(String role, Map<String, String> more) {
        Map<String, String> env = PackagedApp.prodEnvironment();
        env.putAll(database.as(role));
        env.putAll(more);
        return env;
    }
}
