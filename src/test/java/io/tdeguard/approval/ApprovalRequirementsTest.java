package io.tdeguard.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The M-of-N settings: the highest matching number wins, and an invalid setting stops the start naming its key. */
class ApprovalRequirementsTest {

    @Test
    void theHighestMatchingPatternWins() {
        ApprovalRequirements requirements = new ApprovalRequirements(1, Map.of(
                "acs:kvstore:*:*:instance/r-prod*", 2,
                "acs:kvstore:cn-shanghai:*:instance/*", 3));

        assertEquals(2, requirements.requiredFor("acs:kvstore:cn-hangzhou:123:instance/r-prod01"));
        assertEquals(3, requirements.requiredFor("acs:kvstore:cn-shanghai:123:instance/r-prod01"));
        assertEquals(3, requirements.requiredFor("acs:kvstore:cn-shanghai:123:instance/r-test01"));
        assertEquals(1, requirements.requiredFor("acs:kvstore:cn-hangzhou:123:instance/r-test01"));
    }

    @Test
    void aPatternNeverLowersTheDefault() {
        assertEquals(3, new ApprovalRequirements(3, Map.of("acs:kvstore:*:*:instance/*", 2))
                .requiredFor("acs:kvstore:cn-hangzhou:123:instance/r-x"));
    }

    @Test
    void invalidSettingsAreRefusedNamingTheirKey() {
        assertRefused(() -> new ApprovalRequirements(0, Map.of()), "tdeguard.approval.required-approvals is 0");
        assertRefused(() -> new ApprovalRequirements(-1, Map.of()), "tdeguard.approval.required-approvals is -1");
        assertRefused(() -> new ApprovalRequirements(1, Map.of("acs:kvstore:*:*:instance/*", 0)),
                "tdeguard.approval.required-approvals-for.\"acs:kvstore:*:*:instance/*\" is 0");
        assertRefused(() -> new ApprovalRequirements(1, Map.of("r-prod*", 2)),
                "tdeguard.approval.required-approvals-for.\"r-prod*\"");
        assertRefused(() -> new ApprovalRequirements(1, Map.of("acs:kvstore:instance/r-prod*", 2)),
                "not an ARN pattern");
    }

    private static void assertRefused(Runnable construction, String expected) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, construction::run);
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }
}
