package io.tdeguard.kvstore.openapi;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Map;

import io.tdeguard.kvstore.RegionIds;

/** The R-kvstore endpoint of a region: an override of that region, or the template with its region filled in. */
final class Endpoints {

    static final String REGION_PLACEHOLDER = "{RegionId}";

    private final String template;
    private final Map<String, String> byRegion;

    Endpoints(String template, Map<String, String> byRegion) {
        this.template = template;
        this.byRegion = Map.copyOf(byRegion);
        check(template.replace(REGION_PLACEHOLDER, "cn-hangzhou"));
        this.byRegion.values().forEach(Endpoints::check);
    }

    URI forRegion(String regionId) {
        if (!RegionIds.isWellFormed(regionId)) {
            // The region becomes part of a host name: never let it name another host.
            throw new IllegalArgumentException("region \"" + regionId + "\" is not a region id");
        }
        String endpoint = byRegion.getOrDefault(regionId, template.replace(REGION_PLACEHOLDER, regionId));
        return check(endpoint);
    }

    /**
     * An endpoint is {@code https://host[:port]}, or {@code http://} on a loopback address (a local emulator):
     * AccessKey-signed calls carry no secret, but their answers must not be forgeable on the way.
     *
     * @throws IllegalArgumentException otherwise
     */
    static URI check(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("tdeguard.openapi endpoint '" + endpoint + "' is not a URI", e);
        }
        if (uri.getHost() == null || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()
                && !uri.getRawPath().equals("/")) || uri.getRawQuery() != null) {
            throw new IllegalArgumentException("tdeguard.openapi endpoint '" + endpoint
                    + "' must be scheme://host[:port] without a path or query");
        }
        boolean https = "https".equals(uri.getScheme());
        boolean loopbackHttp = "http".equals(uri.getScheme()) && isLoopback(uri.getHost());
        if (!https && !loopbackHttp) {
            throw new IllegalArgumentException("tdeguard.openapi endpoint '" + endpoint
                    + "' must use https (plain http only on a loopback address)");
        }
        return uri;
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        // Only literal addresses: no name is resolved.
        boolean literal = host.matches("[0-9.]+") || host.startsWith("[");
        if (!literal) {
            return false;
        }
        try {
            return InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host)
                    .isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
