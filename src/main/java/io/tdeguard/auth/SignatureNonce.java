package io.tdeguard.auth;

import java.time.Instant;

/**
 * The nonce of an authenticated request, not spent yet: {@link Authenticator#spend} spends it in the transaction that
 * records the call, so that a request whose record rolls back has spent nothing, and each call costs one transaction.
 *
 * @param value         the caller's nonce: 1 to {@link Authenticator#MAX_NONCE_LENGTH} printable ASCII characters
 * @param parameterName where the request carried it ({@code x-acs-signature-nonce} or {@code SignatureNonce}), for
 *                      the refusal of a replay
 * @param accessKeyId   the AccessKey that signed it
 * @param expiresAt     when the signed time leaves the accepted window: until then the nonce stays spent
 */
public record SignatureNonce(String value, String parameterName, String accessKeyId, Instant expiresAt) {
}
