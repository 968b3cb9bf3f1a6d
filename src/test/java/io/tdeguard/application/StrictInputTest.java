package io.tdeguard.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.tdeguard.api.ApiException;

/** Strict binding of a function's members: unknown, wrongly cased and wrongly typed members are refused by name. */
class StrictInputTest {

    record Input(String instanceId, @JsonProperty("TDEStatus") String tdeStatus, Long expiresInSeconds,
            List<String> policyDocuments, Map<String, List<String>> context, Map<String, Object> parameters,
            Boolean dryRun) {
    }

    record Nothing() {
    }

    @Test
    void bindsMembersByTheirOpenApiNames() {
        Input input = StrictInput.bind(members("InstanceId", "r-1", "TDEStatus", "Enabled", "ExpiresInSeconds", 3600,
                "PolicyDocuments", List.of("{}"), "Context", Map.of("acs:SourceIp", List.of("10.1.2.3")),
                "Parameters", Map.of("InstanceId", "r-1", "Nested", List.of(1, true)), "DryRun", true), Input.class);

        assertEquals("r-1", input.instanceId());
        assertEquals("Enabled", input.tdeStatus());
        assertEquals(3600L, input.expiresInSeconds());
        assertEquals(List.of("10.1.2.3"), input.context().get("acs:SourceIp"));
        assertEquals(List.of(1, true), input.parameters().get("Nested"));
        assertEquals(true, input.dryRun());
    }

    @Test
    void absentMembersAreNullAndNoMembersAtAllIsFine() {
        assertNull(StrictInput.bind(null, Input.class).instanceId());
        assertNull(StrictInput.bind(Map.of(), Input.class).context());
        StrictInput.bind(Map.of(), Nothing.class);
    }

    @Test
    void refusesAnUnknownMemberByName() {
        ApiException refused = refused(members("ContextEntries", Map.of()), Input.class);
        assertTrue(refused.getMessage().contains("unknown parameter ContextEntries"), refused.getMessage());
        assertTrue(refused.getMessage().contains("Context"), refused.getMessage());

        ApiException none = refused(members("Anything", 1), Nothing.class);
        assertTrue(none.getMessage().contains("takes no parameters"), none.getMessage());
    }

    @Test
    void refusesAMemberInTheWrongCase() {
        for (String name : List.of("instanceId", "INSTANCEID", "TdeStatus", "tdeStatus")) {
            ApiException refused = refused(members(name, "x"), Input.class);
            assertTrue(refused.getMessage().contains("unknown parameter " + name), refused.getMessage());
            assertTrue(refused.getMessage().contains("did you mean"), refused.getMessage());
        }
    }

    @Test
    void refusesValuesOfTheWrongTypeByName() {
        Map<String, Object> wrong = new LinkedHashMap<>();
        wrong.put("InstanceId", 42);
        wrong.put("TDEStatus", true);
        wrong.put("ExpiresInSeconds", "3600");
        wrong.put("ExpiresInSeconds", 1.5);
        wrong.put("PolicyDocuments", "{}");
        wrong.put("Context", List.of("a"));
        wrong.put("Parameters", "x");
        wrong.put("DryRun", "true");
        wrong.forEach((name, value) -> {
            ApiException refused = refused(members(name, value), Input.class);
            assertEquals("InvalidParameter", refused.code(), name);
            assertTrue(refused.getMessage().contains(name), name + ": " + refused.getMessage());
        });
        assertTrue(refused(members("Context", Map.of("acs:SourceIp", List.of(7))), Input.class).getMessage()
                .contains("Context.acs:SourceIp[0]"));
        assertTrue(refused(members("ExpiresInSeconds", "3600"), Input.class).getMessage().contains("ExpiresInSeconds"));
    }

    @Test
    void refusesANumberBeyondItsRange() {
        ApiException refused = refused(members("ExpiresInSeconds", BigInteger.TWO.pow(70)), Input.class);
        assertTrue(refused.getMessage().contains("ExpiresInSeconds"), refused.getMessage());
    }

    private static ApiException refused(Map<String, Object> members, Class<? extends Record> type) {
        ApiException refused = assertThrows(ApiException.class, () -> StrictInput.bind(members, type));
        assertEquals(400, refused.httpStatus());
        assertEquals("InvalidParameter", refused.code());
        return refused;
    }

    private static Map<String, Object> members(Object... namesAndValues) {
        Map<String, Object> members = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            members.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return members;
    }
}
