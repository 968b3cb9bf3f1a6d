package io.tdeguard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The client address of a forwarded chain: the rightmost hop that is not a trusted proxy. */
class TrustedProxiesTest {

    private static final TrustedProxies LOOPBACK_AND_PRIVATE = TrustedProxies.of(Optional.of(List.of("127.0.0.1",
            "10.0.0.0/8", "fd00::/8", "proxy.example.com")));

    @Test
    void anUntrustedPeerIsTheClientWhateverItForwards() {
        assertEquals("198.51.100.7", LOOPBACK_AND_PRIVATE.clientAddress("198.51.100.7", List.of("203.0.113.9")));
    }

    @Test
    void aTrustedPeerVouchesForTheHopBeforeIt() {
        assertEquals("203.0.113.9", LOOPBACK_AND_PRIVATE.clientAddress("127.0.0.1", List.of("203.0.113.9")));
        assertEquals("203.0.113.9", LOOPBACK_AND_PRIVATE.clientAddress("127.0.0.1", List.of("203.0.113.9", "10.1.2.3")));
    }

    @Test
    void theClientsOwnClaimLeftOfTheRealAddressIsNotBelieved() {
        assertEquals("198.51.100.7", LOOPBACK_AND_PRIVATE.clientAddress("127.0.0.1",
                List.of("203.0.113.9", "198.51.100.7", "10.0.0.5")));
    }

    @Test
    void aMalformedHopEndsTheWalkAtTheLastVouchedAddress() {
        assertEquals("10.0.0.5", LOOPBACK_AND_PRIVATE.clientAddress("127.0.0.1", List.of("203.0.113.9", "unknown", "10.0.0.5")));
        assertEquals("127.0.0.1", LOOPBACK_AND_PRIVATE.clientAddress("127.0.0.1", List.of("evil.example.com")));
    }

    @Test
    void readsTheFormsOfForwardedHops() {
        assertEquals("192.0.2.1", TrustedProxies.hopAddress(" 192.0.2.1:4711 "));
        assertEquals("2001:db8::1", TrustedProxies.hopAddress("\"[2001:db8::1]:4711\""));
        assertEquals("2001:db8::1", TrustedProxies.hopAddress("2001:db8::1"));
        assertNull(TrustedProxies.hopAddress("_hidden"));
        assertNull(TrustedProxies.hopAddress("999.1.1.1"));
        assertNull(TrustedProxies.hopAddress("localhost"));
    }

    @Test
    void matchesBlocksOfBothFamiliesAndNoHostNames() {
        assertTrue(LOOPBACK_AND_PRIVATE.trusts("10.255.0.1"));
        assertTrue(LOOPBACK_AND_PRIVATE.trusts("::ffff:10.0.0.1"));
        assertTrue(LOOPBACK_AND_PRIVATE.trusts("fd12::1"));
        assertFalse(LOOPBACK_AND_PRIVATE.trusts("11.0.0.1"));
        assertFalse(LOOPBACK_AND_PRIVATE.trusts("proxy.example.com"));
        assertFalse(TrustedProxies.of(Optional.of(List.of("10.0.0.0/33"))).trusts("10.0.0.1"));
    }

    @Test
    void noEntriesTrustEveryPeerAsQuarkusDoes() {
        assertTrue(TrustedProxies.of(Optional.empty()).trusts("203.0.113.1"));
    }
}
