package io.tdeguard.startup;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import javax.sql.DataSource;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.tdeguard.audit.AuditKeys;
import io.tdeguard.auth.SecretCipher;
import io.tdeguard.config.Profiles;
import io.tdeguard.config.ServingKeys;
import io.tdeguard.config.StartupCommand;
import io.tdeguard.config.TdeGuardConfig;
import io.tdeguard.kvstore.TdeBackend;
import io.tdeguard.kvstore.simulator.SimulatorConfig;
import io.tdeguard.web.FunctionComputeRuntime;

/**
 * Stops a start that would be unsafe, before any other start-up work (it observes the start first): in production
 * (every profile but the development ones of {@link Profiles}, so that a profile named {@code staging} is production
 * too) a TDE backend must be chosen, and the simulator (which answers "succeeded" for changes that
 * never reach R-kvstore) needs {@value #ALLOW_SIMULATOR}; the demo is never enabled there; {@value #ACCEPTED_HOSTS}
 * must name the deployment's hosts; forwarding headers are believed only from listed proxies, of one form; on Function
 * Compute the timer's {@value #SCHEDULED_WORK_TOKEN} is set. In every profile the keys of {@link ServingKeys} must be
 * set and usable, and the database role must not be able to disable the audit log's triggers, unless
 * {@value #ALLOW_PRIVILEGED_ROLE} says a development setup accepts it (the local and test profiles, whose embedded database has only its superuser). In prod
 * the schema must be at this build's version ({@link SchemaVersion}): prod neither migrates nor validates the schema
 * at start.
 */
@ApplicationScoped
class ProductionGuard {

    static final String ALLOW_SIMULATOR = "tdeguard.simulator.allow-in-prod";
    static final String ALLOW_PRIVILEGED_ROLE = "tdeguard.database.allow-privileged-role";
    static final String ACCEPTED_HOSTS = "tdeguard.auth.accepted-hosts";
    static final String PROXY_ADDRESS_FORWARDING = "quarkus.http.proxy.proxy-address-forwarding";
    static final String TRUSTED_PROXIES = "quarkus.http.proxy.trusted-proxies";
    static final String ALLOW_FORWARDED = "quarkus.http.proxy.allow-forwarded";
    static final String SCHEDULED_WORK_TOKEN = "tdeguard.scheduled-work.token";
    static final String ALLOW_X_FORWARDED = "quarkus.http.proxy.allow-x-forwarded";
    private static final Logger LOG = Logger.getLogger(ProductionGuard.class);

    @Inject
    SimulatorConfig simulator;

    @Inject
    DatabaseConfig database;

    @Inject
    TdeGuardConfig config;

    @Inject
    FunctionComputeRuntime functionCompute;

    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start, DataSource dataSource) {
        if (StartupCommand.migrating()) {
            return;
        }
        List<String> missingKeys = ServingKeys.missing(config);
        if (!missingKeys.isEmpty()) {
            throw new UnsafeStart(String.join(", ", missingKeys) + (missingKeys.size() == 1 ? " is" : " are")
                    + " not set: the function encrypts stored AccessKey secrets, tags every audit event and signs the "
                    + "audit log's checkpoints with them (README, \"Operations\"); only the migrate command runs "
                    + "without them");
        }
        // Built once now, so that a key that is set but unusable stops the start rather than the first call needing it;
        // on another thread while this one waits for the database below (the JDK's Ed25519 provider loads slowly).
        CompletableFuture<Void> keys = CompletableFuture.runAsync(() -> {
            new AuditKeys(config);
            new SecretCipher(config);
        });
        boolean prod = Profiles.production();
        if (prod) {
            checkBackend();
            if (config.auth().acceptedHosts().map(List::isEmpty).orElse(true)) {
                throw new UnsafeStart(ACCEPTED_HOSTS + " (TDEGUARD_AUTH_ACCEPTED_HOSTS) is not set: in production a "
                        + "request must be signed for one of this deployment's hosts, so that one signed for another "
                        + "deployment sharing a key cannot be replayed here; list them, e.g. tde-guard.example.com");
            }
            checkForwarding();
            if (functionCompute.present() && config.scheduledWork().usableToken().isEmpty()) {
                throw new UnsafeStart(SCHEDULED_WORK_TOKEN + " (TDEGUARD_SCHEDULED_WORK_TOKEN) is not set on Function "
                        + "Compute: its timer trigger runs the reconciliation of in-doubt changes and the audit log's "
                        + "sequencing (RunScheduledWork), which refuses every call without the token; set the secret "
                        + "that deploy/fc/s.yaml puts into the timer's payload");
            }
            if (config.demo().enabled()) {
                throw new UnsafeStart("tdeguard.demo.enabled=true in production: the demo's identities and "
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
        try {
            keys.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException unusable ? unusable : e;
        }
    }

    /**
     * Forwarding on without trusted proxies makes every peer a proxy: any caller would choose its own acs:SourceIp and
     * acs:SecureTransport with a header. Both forms of forwarding headers at once let the client add the form its proxy
     * does not set.
     */
    private static void checkForwarding() {
        Config quarkus = ConfigProvider.getConfig();
        boolean forwarding = quarkus.getOptionalValue(PROXY_ADDRESS_FORWARDING, Boolean.class).orElse(false);
        boolean trusted = quarkus.getOptionalValues(TRUSTED_PROXIES, String.class)
                .map(entries -> entries.stream().anyMatch(entry -> !entry.isBlank())).orElse(false);
        if (forwarding && !trusted) {
            throw new UnsafeStart(PROXY_ADDRESS_FORWARDING + "=true without " + TRUSTED_PROXIES
                    + " (QUARKUS_HTTP_PROXY_TRUSTED_PROXIES): every caller could name its own source address and "
                    + "transport in a header; list the addresses or CIDR blocks of the proxies in front of the function");
        }
        List<String> everyAddress = quarkus.getOptionalValues(TRUSTED_PROXIES, String.class).orElse(List.of()).stream()
                .map(String::strip).filter(ProductionGuard::prefixZero).toList();
        if (forwarding && !everyAddress.isEmpty()) {
            throw new UnsafeStart(TRUSTED_PROXIES + " lists " + String.join(", ", everyAddress) + ": a block of "
                    + "prefix 0 trusts every peer, so any caller could name its own source address and transport; "
                    + "list the proxies' own addresses or ranges");
        }
        boolean allowForwarded = quarkus.getOptionalValue(ALLOW_FORWARDED, Boolean.class).orElse(false);
        boolean allowXForwarded = quarkus.getOptionalValue(ALLOW_X_FORWARDED, Boolean.class).orElse(!allowForwarded);
        if (forwarding && allowForwarded && allowXForwarded) {
            throw new UnsafeStart(ALLOW_FORWARDED + "=true together with " + ALLOW_X_FORWARDED + "=true: a proxy "
                    + "sets one of the two forms, so the other one comes from the client (and Quarkus cannot answer a "
                    + "request whose two forms disagree); allow only the form your proxy sets");
        }
    }

    /** A CIDR block of prefix length 0, however written ({@code ::/0}, {@code 0.0.0.0/00}): every address. */
    static boolean prefixZero(String entry) {
        int slash = entry.lastIndexOf('/');
        if (slash < 0) {
            return false;
        }
        try {
            return Integer.parseInt(entry.substring(slash + 1).strip()) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void checkBackend() {
        String name = config.tde().backend().map(String::strip).orElse("");
        if (name.isEmpty()) {
            throw new UnsafeStart(TdeBackend.PROPERTY + " (TDEGUARD_TDE_BACKEND) is not set: production has no "
                    + "default; set it to openapi (the real R-kvstore OpenAPI), or to simulator together with "
                    + ALLOW_SIMULATOR + "=true");
        }
        if ("simulator".equals(name) && !simulator.allowInProd()) {
            throw new UnsafeStart(TdeBackend.PROPERTY + "=simulator in production: the simulator changes no "
                    + "R-kvstore instance but answers as if it did; set " + TdeBackend.PROPERTY + "=openapi, or "
                    + ALLOW_SIMULATOR + "=true (TDEGUARD_SIMULATOR_ALLOW_IN_PROD) if a simulated production is meant");
        }
        if ("simulator".equals(name)) {
            LOG.warnf("%s=simulator in production (%s=true): no TDE change reaches R-kvstore",
                    TdeBackend.PROPERTY, ALLOW_SIMULATOR);
        }
    }

    private void checkDatabaseRole(Connection connection) throws SQLException {
        if (database.allowPrivilegedRole()) {
            return;
        }
        DatabaseRole role = DatabaseRole.of(connection);
        if (role.privileged()) {
            throw new UnsafeStart(role.why());
        }
    }
}
