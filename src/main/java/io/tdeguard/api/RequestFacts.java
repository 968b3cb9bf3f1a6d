package io.tdeguard.api;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the function knows about one HTTP request before it trusts anything in it: the raw material of the
 * signature check, and the facts that RAM conditions and the audit trail record.
 *
 * @param headers header values by lower-case name (the first value when a header repeats)
 * @param sourceIp the client's address: the peer's, or the one a trusted proxy forwarded (web.CurrentRequest)
 * @param repeatedHeaders the lower-case names of the headers the request carries more than once
 * @param unreadableParameters why the parameters the request carries could not be read (a body that is not exactly
 *        one JSON object, a malformed query or form): the refusal its use case answers once the caller is
 *        authenticated; null when they could be read
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
        Instant receivedAt,
        Set<String> repeatedHeaders,
        ApiException unreadableParameters) {

    public RequestFacts {
        repeatedHeaders = repeatedHeaders == null ? Set.of() : Set.copyOf(repeatedHeaders);
    }

    /** The facts of a request with no repeated header. */
    public RequestFacts(String requestId, String action, String method, String path, String rawQuery,
            Map<String, String> headers, byte[] body, String sourceIp, boolean secureTransport, String userAgent,
            Instant receivedAt) {
        this(requestId, action, method, path, rawQuery, headers, body, sourceIp, secureTransport, userAgent, receivedAt,
                Set.of(), null);
    }

    /** These facts, with the refusal of parameters that could not be read. */
    public RequestFacts withUnreadableParameters(ApiException refusal) {
        return new RequestFacts(requestId, action, method, path, rawQuery, headers, body, sourceIp, secureTransport,
                userAgent, receivedAt, repeatedHeaders, refusal);
    }

    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    /**
     * The body when the caller says it is a form ({@code Content-Type: application/x-www-form-urlencoded}), where RPC
     * clients may put their parameters; otherwise an empty array.
     */
    public byte[] formBody() {
        return formBody(header("content-type"), body);
    }

    /** {@code body} when {@code contentType} (may be null) says it is a form, otherwise an empty array. */
    public static byte[] formBody(String contentType, byte[] body) {
        boolean form = contentType != null && contentType.strip().toLowerCase(Locale.ROOT)
                .startsWith("application/x-www-form-urlencoded");
        return form ? body : new byte[0];
    }
}
