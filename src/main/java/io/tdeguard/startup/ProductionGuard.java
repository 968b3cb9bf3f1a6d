package io.tdeguard.startup;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.tdeguard.kvstore.TdeBackend;

/**
 * Stops a start that would be unsafe, before any other start-up work (it observes the start first): in the
 * {@code prod} profile a TDE backend must be chosen, and the simulator (which answers "succeeded" for changes that
 * never reach R-kvstore) needs {@value #ALLOW_SIMULATOR}; the demo is never enabled there. In every profile the
 * database role must not be able to disable the audit log's triggers, unless {@value #ALLOW_PRIVILEGED_ROLE} says a
 * development setup accepts it (the local and test profiles, whose embedded database has only its superuser). In prod
 * the schema must be at this build's version ({@link SchemaVersion}): prod neither migrates nor validates the schema
 * at start.
 */
@ApplicationScoped
class ProductionGuard {

    static final String ALLOW_SIMULATOR = "tdeguard.simulator.allow-in-prod";
    static final String ALLOW_PRIVILEGED_ROLE = "tdeguard.database.allow-privileged-role";
    private static final Logger LOG = Logger.getLogger(ProductionGuard.class);

    @ConfigProperty(name = TdeBackend.PROPERTY)
    Optional<String> backend;

    @ConfigProperty(name = ALLOW_SIMULATOR, defaultValue = "false")
    boolean simulatorAllowed;

    @ConfigProperty(name = "tdeguard.demo.enabled", defaultValue = "false")
    boolean demoEnabled;

    @ConfigProperty(name = ALLOW_PRIVILEGED_ROLE, defaultValue = "false")
    boolean privilegedRoleAllowed;

    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start, DataSource dataSource) {
        if (StartupCommand.migrating()) {
            return;
        }
        boolean prod = prodProfile();
        if (prod) {
            checkBackend();
            if (demoEnabled) {
                throw new UnsafeStart("tdeguard.demo.enabled=true in the prod profile: the demo's identities and "
                        + "AccessKeys are never created in a production database");
            }
        }
        try (Connection connection = dataSource.getConnection()) {
            if (prod) {
                SchemaVersion.check(connection);
            }
            checkDatabaseRole(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("could not check the database at start: " + e.getMessage(), e);
        }
    }

    static boolean prodProfile() {
        return ConfigUtils.getProfiles().contains("prod");
    }

    private void checkBackend() {
        String name = backend.map(String::strip).orElse("");
        if (name.isEmpty()) {
            throw new UnsafeStart(TdeBackend.PROPERTY + " (TDEGUARD_TDE_BACKEND) is not set: production has no "
                    + "default; set it to openapi (the real R-kvstore OpenAPI), or to simulator together with "
                    + ALLOW_SIMULATOR + "=true");
        }
        if ("simulator".equals(name) && !simulatorAllowed) {
            throw new UnsafeStart(TdeBackend.PROPERTY + "=simulator in the prod profile: the simulator changes no "
                    + "R-kvstore instance but answers as if it did; set " + TdeBackend.PROPERTY + "=openapi, or "
                    + ALLOW_SIMULATOR + "=true (TDEGUARD_SIMULATOR_ALLOW_IN_PROD) if a simulated production is meant");
        }
        if ("simulator".equals(name)) {
            LOG.warnf("%s=simulator in the prod profile (%s=true): no TDE change reaches R-kvstore",
                    TdeBackend.PROPERTY, ALLOW_SIMULATOR);
        }
    }

    private void checkDatabaseRole(Connection connection) throws SQLException {
        if (privilegedRoleAllowed) {
            return;
        }
        DatabaseRole role = DatabaseRole.of(connection);
        if (role.privileged()) {
            throw new UnsafeStart(role.why());
        }
    }
}
