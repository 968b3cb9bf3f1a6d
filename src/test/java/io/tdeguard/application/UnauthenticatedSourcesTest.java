package io.tdeguard.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The source whose flood budget an unauthenticated refusal spends: an IPv4 address, or an IPv6 address's /64. */
class UnauthenticatedSourcesTest {

    @Test
    void anIpv6AddressSpendsTheBudgetOfItsSlash64() {
        assertEquals("2001:db8:0:1::/64", UnauthenticatedRefusals.source("2001:db8:0:1:1ef7:1f::1"));
        assertEquals("2001:db8:0:1::/64", UnauthenticatedRefusals.source("2001:0DB8:0000:0001:ffff:ffff:ffff:ffff"));
        assertEquals("2001:db8:a:b::/64", UnauthenticatedRefusals.source("2001:db8:a:b::"));
        assertEquals("2001:db8::/64", UnauthenticatedRefusals.source("2001:db8::7"));
        assertEquals("2001:0:0:1::/64", UnauthenticatedRefusals.source("2001:0:0:1::7"));
        assertEquals("::/64", UnauthenticatedRefusals.source("::1"));
        assertEquals("::/64", UnauthenticatedRefusals.source("0:0:0:0:0:0:0:1"));
        assertEquals("fe80::/64", UnauthenticatedRefusals.source("fe80::1"));
    }

    @Test
    void anIpv4AddressIsItsOwnSourceAlsoWhenWrittenIpv4Mapped() {
        assertEquals("192.0.2.1", UnauthenticatedRefusals.source("192.0.2.1"));
        assertEquals("192.0.2.1", UnauthenticatedRefusals.source("::ffff:192.0.2.1"));
        assertEquals("192.0.2.1", UnauthenticatedRefusals.source("::ffff:c000:201"));
    }

    @Test
    void whatIsNoAddressIsKeptAsItIs() {
        assertEquals("unknown", UnauthenticatedRefusals.source("unknown"));
        assertEquals("", UnauthenticatedRefusals.source(null));
        assertEquals("fe80::1%eth0", UnauthenticatedRefusals.source("fe80::1%eth0"));
    }
}
