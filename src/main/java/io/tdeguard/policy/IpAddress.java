package io.tdeguard.policy;

/**
 * An IPv4 or IPv6 address as 128 bits. IPv4 addresses are held as IPv4-mapped IPv6 addresses
 * ({@code ::ffff:a.b.c.d}), so {@code 192.0.2.1} and {@code ::ffff:192.0.2.1} are the same address and both
 * fall in {@code 192.0.2.0/24}.
 *
 * <p>Accepted text: IPv4 dotted quads of four decimal numbers up to 255 without leading zeros (a leading zero
 * reads as octal in some parsers, so it is refused rather than guessed); IPv6 in RFC 4291 text form, with
 * {@code ::} and a trailing dotted quad. Not accepted: zone ids ({@code %eth0}), brackets, host names.
 */
record IpAddress(long high, long low) {

    /** The high 64 bits of every IPv4-mapped address are zero; the low 64 bits start with these. */
    static final long IPV4_MAPPED_LOW_PREFIX = 0x0000_ffff_0000_0000L;

    /** The address, or {@code null} if the text is not one. */
    static IpAddress parseOrNull(String text) {
        if (text.indexOf(':') >= 0) {
            return parseIpv6(text);
        }
        long ipv4 = parseIpv4(text, 0, text.length());
        return ipv4 < 0 ? null : new IpAddress(0, IPV4_MAPPED_LOW_PREFIX | ipv4);
    }

    static boolean isIpv4Text(String text) {
        return text.indexOf(':') < 0;
    }

    /** The 32 bits of a dotted quad in {@code text[start, end)}, or -1. */
    private static long parseIpv4(String text, int start, int end) {
        long value = 0;
        int parts = 0;
        int position = start;
        while (parts < 4) {
            int partStart = position;
            int part = 0;
            while (position < end && position - partStart < 3 && isDigit(text.charAt(position))) {
                part = part * 10 + (text.charAt(position) - '0');
                position++;
            }
            int length = position - partStart;
            if (length == 0 || part > 255 || (length > 1 && text.charAt(partStart) == '0')) {
                return -1;
            }
            value = (value << 8) | part;
            parts++;
            if (parts < 4) {
                if (position >= end || text.charAt(position) != '.') {
                    return -1;
                }
                position++;
            }
        }
        return position == end ? value : -1;
    }

    private static IpAddress parseIpv6(String text) {
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        int[] groups = new int[8];
        if (doubleColon < 0) {
            int count = parseGroups(text, 0, text.length(), groups, true);
            return count == 8 ? fromGroups(groups) : null;
        }
        int[] tail = new int[8];
        int headCount = doubleColon == 0 ? 0 : parseGroups(text, 0, doubleColon, groups, false);
        int tailCount = doubleColon + 2 == text.length() ? 0 : parseGroups(text, doubleColon + 2, text.length(), tail, true);
        // "::" stands for at least one group of zeros
        if (headCount < 0 || tailCount < 0 || headCount + tailCount > 7) {
            return null;
        }
        System.arraycopy(tail, 0, groups, 8 - tailCount, tailCount);
        return fromGroups(groups);
    }

    /**
     * Parses colon-separated groups of one to four hex digits in {@code text[start, end)} into {@code groups};
     * when {@code endsAddress}, the last may be a dotted quad counting as two groups (only the final 32 bits
     * of an address may be written so). Returns how many groups it wrote, or -1.
     */
    private static int parseGroups(String text, int start, int end, int[] groups, boolean endsAddress) {
        int count = 0;
        int position = start;
        while (true) {
            int groupEnd = text.indexOf(':', position);
            if (groupEnd < 0 || groupEnd > end) {
                groupEnd = end;
            }
            boolean last = groupEnd == end;
            if (last && endsAddress && text.lastIndexOf('.', end - 1) >= position) {
                long ipv4 = parseIpv4(text, position, end);
                if (ipv4 < 0 || count + 2 > 8) {
                    return -1;
                }
                groups[count++] = (int) (ipv4 >>> 16);
                groups[count++] = (int) (ipv4 & 0xffff);
                return count;
            }
            int length = groupEnd - position;
            if (length < 1 || length > 4 || count == 8) {
                return -1;
            }
            int group = 0;
            for (int i = position; i < groupEnd; i++) {
                int digit = hexDigit(text.charAt(i));
                if (digit < 0) {
                    return -1;
                }
                group = (group << 4) | digit;
            }
            groups[count++] = group;
            if (last) {
                return count;
            }
            position = groupEnd + 1;
        }
    }

    private static IpAddress fromGroups(int[] groups) {
        long high = 0;
        long low = 0;
        for (int i = 0; i < 4; i++) {
            high = (high << 16) | groups[i];
            low = (low << 16) | groups[i + 4];
        }
        return new IpAddress(high, low);
    }

    /** The value of an ASCII hex digit, or -1; {@code Character.digit} would also take other scripts' digits. */
    private static int hexDigit(char ch) {
        if (ch >= '0' && ch <= '9') {
            return ch - '0';
        }
        if (ch >= 'a' && ch <= 'f') {
            return ch - 'a' + 10;
        }
        if (ch >= 'A' && ch <= 'F') {
            return ch - 'A' + 10;
        }
        return -1;
    }

    private static boolean isDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }
}
