package io.tdeguard.signature;

import java.time.Instant;

/**
 * An RPC request whose V1 signature parameters have been found complete and well formed by
 * {@link RpcV1Verifier#inspect}, but whose signature is not yet verified.
 *
 * <p>It exposes what the caller needs before verifying: the AccessKeyId to find the secret, and the timestamp and
 * nonce to check freshness ({@code InvalidTimeStamp.Expired}, ±15 minutes) and replay ({@code SignatureNonceUsed}).
 * Nothing here is authentic until {@link RpcV1Verifier#verify} succeeds.
 *
 * @param request the request as received
 * @param accessKeyId the {@code AccessKeyId} the caller claims
 * @param timestamp the {@code Timestamp}, parsed
 * @param nonce the {@code SignatureNonce} as sent
 * @param signature the {@code Signature} as sent
 */
public record RpcV1SignedRequest(
        RpcV1Request request, String accessKeyId, Instant timestamp, String nonce, String signature) {

    /** The {@code Action} the request names; always present and signed. */
    public String action() {
        return request.parameter(RpcV1Parameters.ACTION).orElseThrow();
    }

    /** The {@code Version} the request names; always present and signed. */
    public String version() {
        return request.parameter(RpcV1Parameters.VERSION).orElseThrow();
    }

    /** The {@code Timestamp} as sent, to quote in an {@code InvalidTimeStamp.Expired} answer. */
    public String rawTimestamp() {
        return request.parameter(RpcV1Parameters.TIMESTAMP).orElseThrow();
    }
}
