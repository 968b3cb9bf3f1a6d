package io.tdeguard.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.tdeguard.api.IpLiterals;

/**
 * Which peers may speak for a client: the entries of {@code quarkus.http.proxy.trusted-proxies}, the key Quarkus
 * itself reads before it honours {@code X-Forwarded-Proto} (IP addresses and CIDR blocks; a {@code :port} suffix is
 * ignored, host names match nothing here, so a hop named by host name is not trusted), and the client address of a
 * chain of forwarding proxies.
 *
 * <p>Quarkus takes the <em>first</em> element of {@code X-Forwarded-For}. A proxy that appends (Envoy, nginx's
 * {@code $proxy_add_x_forwarded_for}, the usual case) leaves the client's own claim there, so the client address is
 * taken here instead by walking the chain from the right: the peer, then each forwarded hop, is skipped while it is a
 * trusted proxy; the first one that is not is the client. A chain made only of trusted hops gives its leftmost.
 */
final class TrustedProxies {

    /** No configured entry: with forwarding on, Quarkus trusts every peer, and so does this. */
    static final TrustedProxies EVERY_PEER = new TrustedProxies(List.of(), true);
    static final TrustedProxies NONE = new TrustedProxies(List.of(), false);

    private final List<Block> blocks;
    private final boolean everyPeer;

    private TrustedProxies(List<Block> blocks, boolean everyPeer) {
        this.blocks = blocks;
        this.everyPeer = everyPeer;
    }

    /** From the configured entries; empty (unset) trusts every peer, as Quarkus does. */
    static TrustedProxies of(Optional<List<String>> entries) {
        if (entries.isEmpty() || entries.get().stream().allMatch(String::isBlank)) {
            return EVERY_PEER;
        }
        List<Block> blocks = new ArrayList<>();
        for (String entry : entries.get()) {
            Block.parse(entry.strip()).ifPresent(blocks::add);
        }
        return new TrustedProxies(List.copyOf(blocks), false);
    }

    boolean trusts(String address) {
        if (everyPeer) {
            return true;
        }
        Optional<byte[]> bytes = IpLiterals.bytes(address);
        return bytes.isPresent() && blocks.stream().anyMatch(block -> block.contains(bytes.get()));
    }

    /**
     * The client of a request whose peer is {@code peer} and whose forwarded chain (oldest first, as in
     * {@code X-Forwarded-For: client, proxy1, proxy2}) is {@code chain}: the rightmost address not trusted,
     * counting the peer as the last hop. A malformed hop ends the walk at the hop after it (the last address a trusted
     * proxy vouched for).
     */
    String clientAddress(String peer, List<String> chain) {
        if (!trusts(peer)) {
            return peer;
        }
        String client = peer;
        for (int i = chain.size() - 1; i >= 0; i--) {
            String hop = hopAddress(chain.get(i));
            if (hop == null) {
                return client;
            }
            client = hop;
            if (!trusts(hop)) {
                return hop;
            }
        }
        return client;
    }

    /**
     * The address of one forwarded hop: {@code 192.0.2.1}, {@code 192.0.2.1:4711}, {@code [2001:db8::1]:4711},
     * {@code "[2001:db8::1]"} (Forwarded's quoting) or {@code 2001:db8::1}; null for anything else ({@code unknown},
     * obfuscated identifiers, host names).
     */
    static String hopAddress(String text) {
        String hop = text.strip();
        if (hop.length() >= 2 && hop.startsWith("\"") && hop.endsWith("\"")) {
            hop = hop.substring(1, hop.length() - 1);
        }
        if (hop.startsWith("[")) {
            int close = hop.indexOf(']');
            hop = close < 0 ? "" : hop.substring(1, close);
        } else if (hop.indexOf(':') == hop.lastIndexOf(':') && hop.indexOf(':') > 0) {
            hop = hop.substring(0, hop.indexOf(':'));
        }
        return IpLiterals.bytes(hop).isPresent() ? hop : null;
    }

    /** One trusted IP address or CIDR block. */
    private record Block(byte[] network, int prefixLength) {

        static Optional<Block> parse(String entry) {
            String text = entry.toLowerCase(Locale.ROOT);
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            if (slash < 0) {
                String hop = hopAddress(address);
                address = hop == null ? address : hop;
            }
            Optional<byte[]> bytes = IpLiterals.bytes(address);
            if (bytes.isEmpty()) {
                return Optional.empty();
            }
            int max = bytes.get().length * 8;
            int prefix = max;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
                if (prefix < 0 || prefix > max) {
                    return Optional.empty();
                }
            }
            return Optional.of(new Block(bytes.get(), prefix));
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefixLength / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixLength % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
