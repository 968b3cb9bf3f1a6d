package io.tdeguard.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A PostgreSQL of its own (another embedded server, migrated on start), for a test that needs an empty database. */
public class FreshDatabase implements QuarkusTestProfile {

    private static EmbeddedPostgres server;

    public static synchronized String url() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException e) {
                    // the JVM ends anyway
                }
            }));
        }
        return server.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.datasource.jdbc.url", url(), "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }
}
