package io.tdeguard.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.metamodel.EntityType;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The entities match the migrated schema. Production and the rest of the suite start Hibernate ORM offline, without
 * validating; this profile starts it online with {@code validate}, so a mapping that the migrations do not back stops
 * this test's application from starting.
 */
@QuarkusTest
@TestProfile(SchemaMappingTest.Validating.class)
class SchemaMappingTest {

    public static class Validating implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.hibernate-orm.database.start-offline", "false",
                    "quarkus.hibernate-orm.schema-management.strategy", "validate");
        }
    }

    @Inject
    EntityManager entityManager;

    @Test
    void everyEntityIsValidatedAgainstItsTable() {
        Set<String> entities = entityManager.getMetamodel().getEntities().stream().map(EntityType::getName)
                .collect(Collectors.toSet());
        assertTrue(entities.containsAll(Set.of("RamUser", "AccessKey", "Approval", "SimInstance")), entities.toString());
        Object users = entityManager.createNativeQuery("SELECT count(*) FROM ram_user").getSingleResult();
        assertEquals(Long.class, users.getClass());
    }
}
