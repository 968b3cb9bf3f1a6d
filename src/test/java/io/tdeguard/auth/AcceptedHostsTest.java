package io.tdeguard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class AcceptedHostsTest {

    private static final List<String> ACCEPTED = List.of("guard.example.com", "internal.example.com:9000", "[::1]:8080");

    @Test
    void aHostEntryAcceptsAnyPortAndAHostPortEntryOnlyItsPort() {
        assertTrue(AcceptedHosts.accepts(ACCEPTED, "guard.example.com"));
        assertTrue(AcceptedHosts.accepts(ACCEPTED, "GUARD.example.com:443"));
        assertTrue(AcceptedHosts.accepts(ACCEPTED, "internal.example.com:9000"));
        assertFalse(AcceptedHosts.accepts(ACCEPTED, "internal.example.com"));
        assertFalse(AcceptedHosts.accepts(ACCEPTED, "internal.example.com:9001"));
        assertTrue(AcceptedHosts.accepts(ACCEPTED, "[::1]:8080"));
        assertFalse(AcceptedHosts.accepts(ACCEPTED, "[::1]:8081"));
    }

    @Test
    void anythingElseIsRefused() {
        assertFalse(AcceptedHosts.accepts(ACCEPTED, "staging.example.com"));
        assertFalse(AcceptedHosts.accepts(ACCEPTED, "guard.example.com.attacker.example"));
        assertFalse(AcceptedHosts.accepts(ACCEPTED, "xguard.example.com"));
        assertFalse(AcceptedHosts.accepts(ACCEPTED, ""));
        assertFalse(AcceptedHosts.accepts(ACCEPTED, null));
        assertFalse(AcceptedHosts.accepts(List.of(), "guard.example.com"));
    }

    @Test
    void portsAreTakenOffOnlyWhereThereIsOne() {
        assertEquals("example.com", AcceptedHosts.withoutPort("example.com:8080"));
        assertEquals("example.com", AcceptedHosts.withoutPort("example.com"));
        assertEquals("[::1]", AcceptedHosts.withoutPort("[::1]:8080"));
        assertEquals("[::1]", AcceptedHosts.withoutPort("[::1]"));
    }
}
