package io.tdeguard.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/** IP address literals as they reach the function: a peer's address or a forwarded hop's. */
public final class IpLiterals {

    private IpLiterals() {
    }

    /**
     * The bytes of an IP literal: 4 for IPv4 (also when written as IPv4-mapped IPv6, {@code ::ffff:192.0.2.1}), 16 for
     * IPv6; empty for anything else (host names, zone ids, brackets, {@code unknown}), without ever asking DNS.
     */
    public static Optional<byte[]> bytes(String text) {
        if (text == null || text.isEmpty() || !text.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 || ch == '.'
                || ch == ':')) {
            return Optional.empty();
        }
        if (text.indexOf(':') < 0 && (!text.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                || Arrays.stream(text.split("\\.")).anyMatch(octet -> Integer.parseInt(octet) > 255))) {
            return Optional.empty();
        }
        try {
            // Only digits, dots and colons are left: a literal, which InetAddress parses without a lookup.
            byte[] bytes = InetAddress.getByName(text).getAddress();
            return Optional.of(bytes.length == 16 && isIpv4Mapped(bytes) ? Arrays.copyOfRange(bytes, 12, 16) : bytes);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }
}
