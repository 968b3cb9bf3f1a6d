package io.tdeguard.signature;

/**
 * A computed RPC V1 signature with its intermediates, so that each step can be checked.
 *
 * @param stringToSign the string to sign and its canonicalized query (steps 1 and 2)
 * @param signature base64 of HMAC-SHA1 of the string to sign, keyed with the secret and {@code &} (step 3)
 * @param signedRequest the request with its {@code Signature} parameter set (step 4), ready for
 *     {@link RpcV1Request#encode}
 */
public record RpcV1Signature(RpcV1StringToSign stringToSign, String signature, RpcV1Request signedRequest) {
}
