package io.tdeguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The hand-written address parser against {@link InetAddress}, used only on literals (never a name lookup). */
class IpAddressTest {

    private static final long SEED = Long.getLong("policy.seed", new Random().nextLong());
    private static final BigInteger IPV4_MAPPED = BigInteger.valueOf(0xffffL).shiftLeft(32);

    private static BigInteger bits(IpAddress address) {
        return new BigInteger(1, java.nio.ByteBuffer.allocate(16).putLong(address.high()).putLong(address.low()).array());
    }

    private static BigInteger bits(InetAddress address) {
        BigInteger value = new BigInteger(1, address.getAddress());
        return address instanceof Inet4Address ? IPV4_MAPPED.or(value) : value;
    }

    @Test
    void readsRandomAddressesInEveryTextForm() throws UnknownHostException {
        Random random = new Random(SEED);
        for (int i = 0; i < 20_000; i++) {
            int[] groups = new int[8];
            for (int g = 0; g < 8; g++) {
                // many zero groups, so that "::" has runs to compress
                groups[g] = random.nextInt(3) == 0 ? 0 : random.nextInt(0x10000);
            }
            for (String text : textForms(groups, random)) {
                InetAddress expected = InetAddress.getByName(text);
                IpAddress parsed = IpAddress.parseOrNull(text);
                assertNotNull(parsed, text + " (seed " + SEED + ")");
                assertEquals(bits(expected), bits(parsed), text + " (seed " + SEED + ")");
            }
            String ipv4 = (groups[6] >> 8) + "." + (groups[6] & 0xff) + "." + (groups[7] >> 8) + "." + (groups[7] & 0xff);
            assertEquals(bits(InetAddress.getByName(ipv4)), bits(IpAddress.parseOrNull(ipv4)), ipv4);
            assertEquals(bits(IpAddress.parseOrNull(ipv4)), bits(IpAddress.parseOrNull("::ffff:" + ipv4)), "mapped " + ipv4);
        }
    }

    /** Full, with "::" at the longest zero run, with a trailing dotted quad, in upper case. */
    private static String[] textForms(int[] groups, Random random) {
        StringBuilder full = new StringBuilder();
        for (int g = 0; g < 8; g++) {
            full.append(g == 0 ? "" : ":").append(Integer.toHexString(groups[g]));
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int start = 0; start < 8; start++) {
            int length = 0;
            while (start + length < 8 && groups[start + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = start;
                bestLength = length;
            }
        }
        String compressed = full.toString();
        if (bestLength > 0) {
            StringBuilder head = new StringBuilder();
            for (int g = 0; g < bestStart; g++) {
                head.append(g == 0 ? "" : ":").append(Integer.toHexString(groups[g]));
            }
            StringBuilder tail = new StringBuilder();
            for (int g = bestStart + bestLength; g < 8; g++) {
                tail.append(tail.length() == 0 ? "" : ":").append(Integer.toHexString(groups[g]));
            }
            compressed = head + "::" + tail;
        }
        StringBuilder mixed = new StringBuilder();
        for (int g = 0; g < 6; g++) {
            mixed.append(Integer.toHexString(groups[g])).append(':');
        }
        mixed.append(groups[6] >> 8).append('.').append(groups[6] & 0xff).append('.').append(groups[7] >> 8).append('.').append(groups[7] & 0xff);
        String upper = (random.nextBoolean() ? full.toString() : compressed).toUpperCase(java.util.Locale.ROOT);
        return new String[] {full.toString(), compressed, mixed.toString(), upper};
    }

    @Test
    void acceptsOnlyWhatInetAddressAcceptsToo() {
        Random random = new Random(SEED);
        String alphabet = "0123456789abcdef:.";
        for (int i = 0; i < 50_000; i++) {
            StringBuilder text = new StringBuilder(":");
            int length = random.nextInt(20);
            for (int j = 0; j < length; j++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String candidate = random.nextBoolean() ? text.toString() : text.substring(1) + ":";
            IpAddress ours = IpAddress.parseOrNull(candidate);
            if (ours == null) {
                continue;
            }
            try {
                assertEquals(bits(InetAddress.getByName(candidate)), bits(ours), candidate);
            } catch (UnknownHostException e) {
                throw new AssertionError("accepted \"" + candidate + "\", which InetAddress refuses (seed " + SEED + ")", e);
            }
        }
    }

    @Test
    void refusesWhatIsNotAnAddressLiteral() {
        for (String text : new String[] {"", "localhost", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ", " 1.2.3.4",
                "1..2.3", "1.2.3.", "::1%eth0", "[::1]", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", ":1:2:3:4:5:6:7",
                "1:2:3:4:5:6:7:", "1.2.3.4::", "::1.2.3.4:5", "::ffff:1.2.3.04", "g::1", "١.٢.٣.٤", "::١"}) {
            assertNull(IpAddress.parseOrNull(text), text);
        }
    }

    private static IpAddress address(String text) {
        return IpAddress.parseOrNull(text);
    }

    @Test
    void containsAddressesByPrefix() throws ValueFormatException {
        IpBlock ipv4 = IpBlock.parse("10.0.0.0/8");
        assertTrue(ipv4.contains(address("10.255.255.255")));
        assertTrue(ipv4.contains(address("::ffff:10.0.0.1")));
        assertFalse(ipv4.contains(address("11.0.0.0")));
        assertFalse(ipv4.contains(address("::a00:1")), "IPv4-compatible is not IPv4-mapped");
        assertTrue(IpBlock.parse("::/0").contains(address("10.0.0.1")));
        assertFalse(IpBlock.parse("0.0.0.0/0").contains(address("2001:db8::1")));
        assertTrue(IpBlock.parse("2001:db8::/64").contains(address("2001:db8::ffff:ffff:ffff:ffff")));
        assertFalse(IpBlock.parse("2001:db8::/64").contains(address("2001:db8:0:1::")));
        assertTrue(IpBlock.parse("2001:db8::/65").contains(address("2001:db8::7fff:ffff:ffff:ffff")));
        assertFalse(IpBlock.parse("2001:db8::/65").contains(address("2001:db8::8000:0:0:0")));
        assertTrue(IpBlock.parse("2001:db8::/63").contains(address("2001:db8:0:1:ffff::")));
        assertFalse(IpBlock.parse("2001:db8::/63").contains(address("2001:db8:0:2::")));
    }
}
