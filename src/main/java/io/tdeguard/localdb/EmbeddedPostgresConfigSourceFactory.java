package io.tdeguard.localdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ExecutionMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Supplies the datasource of the {@code local} and {@code test} profiles when none is configured: a real
 * PostgreSQL server unpacked from Maven Central jars. A configured {@code quarkus.datasource.jdbc.url}
 * always wins, and no other profile (in particular {@code prod}) ever starts one.
 */
public class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {

    static final Set<String> EMBEDDING_PROFILES = Set.of("local", "test");
    private static final String URL_KEY = "quarkus.datasource.jdbc.url";
    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresConfigSourceFactory.class);

    /**
     * Where the JDBC URL of the started server is kept: in the JVM's system properties rather than a static field,
     * because Quarkus loads this class in more than one class loader (tests do), and one server must serve them all.
     */
    private static final String STARTED_URL = "io.tdeguard.localdb.embedded-postgresql-url";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue url = context.getValue(URL_KEY);
        boolean configured = url != null && url.getValue() != null && !url.getValue().isBlank();
        boolean embeddingProfile = context.getProfiles().stream().anyMatch(EMBEDDING_PROFILES::contains);
        if (configured) {
            return List.of();
        }
        if (!embeddingProfile) {
            // Only a starting application needs a database; the build reads this configuration too.
            if (ExecutionMode.current() != ExecutionMode.RUNTIME_INIT) {
                return List.of();
            }
            throw new IllegalStateException("no database is configured: set quarkus.datasource.jdbc.url "
                    + "(QUARKUS_DATASOURCE_JDBC_URL) to a PostgreSQL server; only the local and test profiles start an "
                    + "embedded one, and profile " + context.getProfiles() + " never does");
        }
        String jdbcUrl = (String) System.getProperties().computeIfAbsent(STARTED_URL,
                key -> start().getJdbcUrl("postgres", "postgres"));
        // Below the ordinal of system properties and environment variables, so they still win.
        return List.of(new PropertiesConfigSource(Map.of(
                URL_KEY, jdbcUrl,
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres"), "embedded-postgresql", 150));
    }

    private static EmbeddedPostgres start() {
        EmbeddedPostgres server;
        try {
            long started = System.nanoTime();
            server = EmbeddedPostgres.builder().start();
            LOG.infof("embedded PostgreSQL started on port %d in %d ms", server.getPort(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "embedded-postgresql-stop"));
        return server;
    }

    private static void stop(EmbeddedPostgres server) {
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("could not stop the embedded PostgreSQL cleanly", e);
        }
    }
}
