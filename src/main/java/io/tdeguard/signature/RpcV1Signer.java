package io.tdeguard.signature;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs RPC requests with the V1 signature ({@code SignatureMethod=HMAC-SHA1}, {@code SignatureVersion=1.0})
 * exactly as the V1 SDKs and the {@code aliyun} CLI do. Stateless.
 *
 * <pre>
 * Signature = base64(HMAC-SHA1(AccessKeySecret + "&amp;", StringToSign))
 * </pre>
 *
 * The request must already carry its common parameters ({@link RpcV1Parameters#standard}); the signer does not add
 * them, so that what is signed is exactly what the caller built. Source: Alibaba Cloud, "Request syntax and signature
 * method V2 for RPC APIs", and {@code aliyun-java-sdk-core} 4.7.9 {@code RpcAcsRequest#signRequest}.
 */
public final class RpcV1Signer {

    private RpcV1Signer() {
    }

    /** Signs {@code request}; a {@code Signature} it already carries is ignored and replaced. */
    public static RpcV1Signature sign(RpcV1Request request, AccessKeySecret secret) {
        Objects.requireNonNull(secret, "secret");
        // Steps 1 and 2: the canonicalized query of every parameter but Signature, and the string to sign.
        RpcV1StringToSign stringToSign = RpcV1StringToSign.of(request);
        // Step 3: the signature, keyed with the secret followed by "&".
        String signature = signature(stringToSign, secret);
        // Step 4: the request carrying its signature.
        return new RpcV1Signature(stringToSign, signature, request.with(RpcV1Parameters.SIGNATURE, signature));
    }

    /** Rule: base64 (standard alphabet, padded) of HMAC-SHA1 of the UTF-8 string to sign. */
    static String signature(RpcV1StringToSign stringToSign, AccessKeySecret secret) {
        byte[] mac = secret.rpcV1HmacSha1(stringToSign.text().getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(mac);
    }
}
