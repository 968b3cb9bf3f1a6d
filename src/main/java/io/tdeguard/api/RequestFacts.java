package io.tdeguard.api;

import java.time.Instant;
import java.util.Map;

/**
 * What the function knows about one HTTP request before it trusts anything in it: the raw material of the
 * signature check, and the facts that RAM conditions and the audit trail record.
 *
 * @param headers header values by lower-case name (the first value when a header repeats)
 */
public record RequestFacts(
        String requestId,
        String action,
        String method,
        String path,
        String rawQuery,
        Map<String, String> headers,
        byte[] body,
        String sourceIp,
        boolean secureTransport,
        String userAgent,
        Instant receivedAt) {

    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }
}
