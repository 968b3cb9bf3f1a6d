package io.tdeguard.signature;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Signs requests with ACS3-HMAC-SHA256 exactly as the official Alibaba Cloud SDKs do ({@code DESIGN.md} §5).
 * Stateless.
 */
public final class Acs3Signer {

    /** The algorithm name, first word of the {@code Authorization} header and first line of the string to sign. */
    public static final String ALGORITHM = "ACS3-HMAC-SHA256";

    /** Headers the SDK signs besides every {@code x-acs-*} header, when present. */
    private static final SortedSet<String> SIGNED_PLAIN_HEADERS = new TreeSet<>(List.of("host", "content-type"));

    private static final String SIGNED_HEADER_PREFIX = "x-acs-";

    private static final HexFormat HEX = HexFormat.of();

    private Acs3Signer() {
    }

    /**
     * Signs {@code request} with the headers the SDK chooses ({@link #signedHeaderNames}).
     *
     * @throws IllegalArgumentException if the request has no {@code host} header: the SDK always signs it
     */
    public static Acs3Signature sign(Acs3Request request, String accessKeyId, AccessKeySecret secret) {
        SortedSet<String> signedHeaderNames = signedHeaderNames(request);
        if (!signedHeaderNames.contains("host")) {
            throw new IllegalArgumentException("request has no 'host' header to sign");
        }
        return sign(request, signedHeaderNames, accessKeyId, secret);
    }

    /**
     * The headers the SDK signs: {@code host}, {@code content-type} and every {@code x-acs-*} header that the
     * request carries, sorted.
     */
    public static SortedSet<String> signedHeaderNames(Acs3Request request) {
        SortedSet<String> names = new TreeSet<>();
        for (String name : request.headers().keySet()) {
            if (SIGNED_PLAIN_HEADERS.contains(name) || name.startsWith(SIGNED_HEADER_PREFIX)) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * Signs {@code request} covering exactly {@code signedHeaderNames}; the verifier uses this with the names the
     * {@code Authorization} header lists.
     */
    static Acs3Signature sign(
            Acs3Request request, SortedSet<String> signedHeaderNames, String accessKeyId, AccessKeySecret secret) {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secret, "secret");
        if (!Acs3Authorization.isValidAccessKeyId(accessKeyId)) {
            // It would make an Authorization header that no verifier can parse.
            throw new IllegalArgumentException("malformed access key id '" + accessKeyId + "'");
        }
        // Step 1, choosing the signed headers, is done by the caller.
        // Step 2: the canonical request.
        Acs3CanonicalRequest canonicalRequest = Acs3CanonicalRequest.of(request, signedHeaderNames);
        // Step 3: the string to sign names the algorithm and hashes the canonical request.
        String stringToSign = ALGORITHM + "\n"
                + Acs3CanonicalRequest.sha256Hex(canonicalRequest.text().getBytes(StandardCharsets.UTF_8));
        // Step 4: the signature is keyed with the secret itself (ACS3 derives no per-date key, unlike AWS SigV4).
        String signature = HEX.formatHex(secret.hmacSha256(stringToSign.getBytes(StandardCharsets.UTF_8)));
        // Step 5: the Authorization header, in the SDK's exact format.
        String authorization = ALGORITHM + " Credential=" + accessKeyId
                + ",SignedHeaders=" + canonicalRequest.signedHeaders()
                + ",Signature=" + signature;
        return new Acs3Signature(canonicalRequest, stringToSign, signature, authorization);
    }
}
