package io.tdeguard.signature;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The canonical request of ACS3-HMAC-SHA256: the exact text whose hash is signed. Immutable.
 *
 * <pre>
 * METHOD \n CanonicalPath \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n HashedPayload
 * </pre>
 *
 * Each part has one static method below, one per rule of {@code DESIGN.md} §5, which matches what the official
 * Alibaba Cloud SDKs compute (tea-openapi {@code getAuthorization}). The payload hash is always computed from the
 * body itself, when signing and when verifying; the {@code x-acs-content-sha256} header is merely a signed header,
 * which {@link Acs3Verifier} compares with the body separately.
 */
public final class Acs3CanonicalRequest {

    private static final HexFormat HEX = HexFormat.of();

    private static final Comparator<String[]> BY_ENCODED_NAME_THEN_VALUE =
            Comparator.<String[], String>comparing(pair -> pair[0]).thenComparing(pair -> pair[1]);

    private final String method;
    private final String path;
    private final String query;
    private final String headers;
    private final String signedHeaders;
    private final String hashedPayload;

    private Acs3CanonicalRequest(Acs3Request request, SortedSet<String> signedHeaderNames) {
        this.method = request.method();
        this.path = canonicalPath(request.path());
        this.query = canonicalQuery(request.queryParameters());
        this.headers = canonicalHeaders(request.headers(), signedHeaderNames);
        this.signedHeaders = signedHeaders(signedHeaderNames);
        this.hashedPayload = hashedPayload(request.body());
    }

    /**
     * The canonical request of {@code request} covering the headers named in {@code signedHeaderNames}.
     *
     * @param signedHeaderNames lower-case header names, each present in the request; order and repetition are
     *     irrelevant, the names are sorted
     * @throws IllegalArgumentException if a name is not lower case or names a header the request lacks
     */
    public static Acs3CanonicalRequest of(Acs3Request request, Collection<String> signedHeaderNames) {
        return new Acs3CanonicalRequest(request, new TreeSet<>(signedHeaderNames));
    }

    /** Rule: the path as sent, or {@code /} when it is empty. */
    public static String canonicalPath(String path) {
        return path.isEmpty() ? "/" : path;
    }

    /**
     * Rule: {@code pe(name)=pe(value)} for every parameter, sorted by encoded name then encoded value, joined by
     * {@code &}. An empty value gives {@code name=}; no parameters give the empty string. Repeated names are kept.
     */
    public static String canonicalQuery(List<Acs3Request.QueryParameter> parameters) {
        return parameters.stream()
                .map(parameter -> new String[] {percentEncode(parameter.name()), percentEncode(parameter.value())})
                .sorted(BY_ENCODED_NAME_THEN_VALUE)
                .map(pair -> pair[0] + "=" + pair[1])
                .collect(Collectors.joining("&"));
    }

    /**
     * Rule {@code pe(s)}: {@link URLEncoder} with UTF-8, then {@code +}→{@code %20}, {@code *}→{@code %2A},
     * {@code %7E}→{@code ~}. The result leaves only {@code A-Z a-z 0-9 - _ . ~} unescaped (RFC 3986 unreserved).
     */
    public static String percentEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }

    /**
     * Rule: for each signed header in sorted order, {@code name:value\n} with the value trimmed of leading and
     * trailing whitespace ({@link String#trim()}, as the SDK does).
     *
     * @param headers by lower-case name, as {@link Acs3Request#headers()} holds them
     */
    public static String canonicalHeaders(Map<String, String> headers, SortedSet<String> signedHeaderNames) {
        StringBuilder canonical = new StringBuilder();
        for (String name : signedHeaderNames) {
            requireLowerCase(name);
            String value = headers.get(name);
            if (value == null) {
                throw new IllegalArgumentException("signed header '" + name + "' is missing from the request");
            }
            canonical.append(name).append(':').append(value.trim()).append('\n');
        }
        return canonical.toString();
    }

    /** Rule: the signed header names, sorted, joined by {@code ;}. */
    public static String signedHeaders(SortedSet<String> signedHeaderNames) {
        signedHeaderNames.forEach(Acs3CanonicalRequest::requireLowerCase);
        return String.join(";", signedHeaderNames);
    }

    /** Rule: lower-case hex of the SHA-256 of the body (of the empty string when there is none). */
    public static String hashedPayload(byte[] body) {
        return sha256Hex(body);
    }

    /** Lower-case hex of the SHA-256 of {@code bytes}. */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256, so this is a broken runtime, not bad input.
            throw new IllegalStateException("sha-256 is unavailable", e);
        }
    }

    private static void requireLowerCase(String headerName) {
        Objects.requireNonNull(headerName, "headerName");
        if (!headerName.equals(headerName.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("signed header name '" + headerName + "' is not lower case");
        }
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String query() {
        return query;
    }

    /** The canonical headers, each line ending in {@code \n}. */
    public String headers() {
        return headers;
    }

    public String signedHeaders() {
        return signedHeaders;
    }

    public String hashedPayload() {
        return hashedPayload;
    }

    /** The canonical request text, the parts joined by {@code \n}. */
    public String text() {
        return String.join("\n", method, path, query, headers, signedHeaders, hashedPayload);
    }

    @Override
    public String toString() {
        return text();
    }
}
