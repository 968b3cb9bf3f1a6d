package io.tdeguard.localdb;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;

/** Which profiles may get an embedded PostgreSQL: never prod, and never over a configured URL. */
class EmbeddedPostgresConfigSourceFactoryTest {

    final EmbeddedPostgresConfigSourceFactory factory = new EmbeddedPostgresConfigSourceFactory();

    @Test
    void prodNeverGetsAnEmbeddedDatabase() {
        assertFalse(factory.getConfigSources(context(List.of("prod"), Map.of())).iterator().hasNext());
    }

    @Test
    void aConfiguredUrlWinsOverTheEmbeddedDatabase() {
        Map<String, String> configured = Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://db.example:5432/tdeguard");
        assertFalse(factory.getConfigSources(context(List.of("local"), configured)).iterator().hasNext());
        assertFalse(factory.getConfigSources(context(List.of("test"), configured)).iterator().hasNext());
    }

    static ConfigSourceContext context(List<String> profiles, Map<String, String> values) {
        return new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                return ConfigValue.builder().withName(name).withValue(values.get(name)).build();
            }

            @Override
            public List<String> getProfiles() {
                return profiles;
            }

            @Override
            public Iterator<String> iterateNames() {
                return values.keySet().iterator();
            }
        };
    }
}
