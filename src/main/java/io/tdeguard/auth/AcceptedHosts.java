package io.tdeguard.auth;

import java.util.List;
import java.util.Locale;

/**
 * Whether a request's signed {@code host} header names this deployment ({@code tdeguard.auth.accepted-hosts}): an
 * entry {@code host} accepts that host on any port, an entry {@code host:port} only on that port; host names are
 * compared without regard to case (RFC 9110 §4.2.3), ports exactly.
 */
final class AcceptedHosts {

    private AcceptedHosts() {
    }

    static boolean accepts(List<String> accepted, String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        String hostOnly = withoutPort(host);
        for (String entry : accepted) {
            String wanted = entry.trim().toLowerCase(Locale.ROOT);
            if (wanted.equals(host) || (withoutPort(wanted).equals(wanted) && wanted.equals(hostOnly))) {
                return true;
            }
        }
        return false;
    }

    /** {@code example.com:8080} → {@code example.com}; {@code [::1]:8080} → {@code [::1]}; no port: unchanged. */
    static String withoutPort(String host) {
        int colon = host.lastIndexOf(':');
        if (colon < 0 || host.indexOf(']') > colon || (host.indexOf(':') != colon && !host.startsWith("["))) {
            return host;
        }
        return host.substring(0, colon);
    }
}
