package io.tdeguard.signature;

/**
 * A computed ACS3-HMAC-SHA256 signature with its intermediates, so that each step can be checked.
 *
 * @param canonicalRequest the canonical request (step 2)
 * @param stringToSign {@code ACS3-HMAC-SHA256\n} + hex SHA-256 of the canonical request text (step 3)
 * @param signature lower-case hex HMAC-SHA256 of the string to sign (step 4)
 * @param authorization the {@code Authorization} header value (step 5)
 */
public record Acs3Signature(
        Acs3CanonicalRequest canonicalRequest, String stringToSign, String signature, String authorization) {
}
