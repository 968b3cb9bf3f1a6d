package io.tdeguard.policy;

/**
 * A CIDR block such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}, or a single address (a {@code /32} or
 * {@code /128} block). IPv4 blocks are held as IPv4-mapped IPv6 blocks ({@code /8} becomes {@code /104}), so
 * they contain IPv4 addresses and IPv4-mapped IPv6 addresses alike; an IPv6 block that covers
 * {@code ::ffff:0:0/96} (such as {@code ::/0}) therefore contains IPv4 addresses too. Host bits below the
 * prefix are ignored: {@code 10.1.2.3/8} is {@code 10.0.0.0/8}.
 */
record IpBlock(long networkHigh, long networkLow, long maskHigh, long maskLow) {

    private static final int IPV4_MAPPED_PREFIX_LENGTH = 96;

    static IpBlock parse(String text) throws ValueFormatException {
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        IpAddress address = IpAddress.parseOrNull(addressText);
        if (address == null) {
            throw new ValueFormatException("invalid IP address or CIDR block " + Quoting.quote(text));
        }
        boolean ipv4 = IpAddress.isIpv4Text(addressText);
        int maxPrefixLength = ipv4 ? 32 : 128;
        int prefixLength = maxPrefixLength;
        if (slash >= 0) {
            String prefixText = text.substring(slash + 1);
            if (prefixText.isEmpty() || prefixText.length() > 3 || !prefixText.chars().allMatch(ch -> ch >= '0' && ch <= '9')
                    || Integer.parseInt(prefixText) > maxPrefixLength) {
                throw new ValueFormatException("invalid CIDR block " + Quoting.quote(text)
                        + ": prefix length must be a number from 0 to " + maxPrefixLength);
            }
            prefixLength = Integer.parseInt(prefixText);
        }
        return of(address, ipv4 ? IPV4_MAPPED_PREFIX_LENGTH + prefixLength : prefixLength);
    }

    static IpBlock of(IpAddress address, int prefixLength) {
        long maskHigh = prefixLength >= 64 ? -1L : prefixLength == 0 ? 0L : -1L << (64 - prefixLength);
        long maskLow = prefixLength <= 64 ? 0L : prefixLength == 128 ? -1L : -1L << (128 - prefixLength);
        return new IpBlock(address.high() & maskHigh, address.low() & maskLow, maskHigh, maskLow);
    }

    boolean contains(IpAddress address) {
        return (address.high() & maskHigh) == networkHigh && (address.low() & maskLow) == networkLow;
    }
}
