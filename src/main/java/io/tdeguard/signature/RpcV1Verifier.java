package io.tdeguard.signature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Verifies RPC V1 signatures ({@code SignatureMethod=HMAC-SHA1}, {@code SignatureVersion=1.0}) of received requests,
 * in two steps so that the caller can check freshness and replay, and look up the secret, in between:
 *
 * <pre>
 * RpcV1SignedRequest signed = RpcV1Verifier.inspect(request);   // IncompleteSignature, InvalidTimeStamp.Format,
 *                                                               // InvalidSecurityToken.NotAccepted
 * window(signed.timestamp()); replay(signed.nonce());           // the caller's job: InvalidTimeStamp.Expired,
 *                                                               // SignatureNonceUsed
 * RpcV1Verifier.verify(signed, keys::secretOf);                 // InvalidAccessKeyId.NotFound, SignatureDoesNotMatch
 * </pre>
 *
 * Verification recomputes the signature with {@link RpcV1Signer} and compares in constant time. It never reveals the
 * expected signature. Source: Alibaba Cloud, "Request syntax and signature method V2 for RPC APIs".
 */
public final class RpcV1Verifier {

    /** Base64 (standard alphabet, padded) of the 20 bytes of an HMAC-SHA1, as every SDK writes it. */
    private static final Pattern SIGNATURE_BASE64 = Pattern.compile("[A-Za-z0-9+/]{27}=");

    private RpcV1Verifier() {
    }

    /**
     * Checks the signature parameters of {@code request}, in this order:
     * <ol>
     *   <li>no {@code SecurityToken}: STS credentials are never valid here;</li>
     *   <li>every parameter of {@link RpcV1Parameters#REQUIRED} present and not empty;</li>
     *   <li>{@code SignatureMethod} is {@code HMAC-SHA1}, {@code SignatureVersion} is {@code 1.0}, and there is no
     *       {@code SignatureType} (the SDKs send one only for other signers, such as bearer tokens);</li>
     *   <li>{@code AccessKeyId} is made of {@code A-Z a-z 0-9 . _ -} and {@code Signature} is 28 base64
     *       characters;</li>
     *   <li>{@code Timestamp} is {@code yyyy-MM-dd'T'HH:mm:ss'Z'}.</li>
     * </ol>
     *
     * @throws SignatureException of kind {@code InvalidSecurityToken.NotAccepted} for a token, of kind
     *     {@code InvalidTimeStamp.Format} for a malformed timestamp, otherwise of kind {@code IncompleteSignature}
     *     naming the parameter
     */
    public static RpcV1SignedRequest inspect(RpcV1Request request) {
        if (request.parameter(RpcV1Parameters.SECURITY_TOKEN).isPresent()) {
            throw SignatureException.securityTokenNotAccepted();
        }
        for (String name : RpcV1Parameters.REQUIRED) {
            if (request.parameter(name).filter(value -> !value.isEmpty()).isEmpty()) {
                throw SignatureException.incompleteParameter(name, "missing parameter '" + name + "'");
            }
        }
        requireValue(request, RpcV1Parameters.SIGNATURE_METHOD, RpcV1Parameters.HMAC_SHA1, "signature method");
        requireValue(request, RpcV1Parameters.SIGNATURE_VERSION, RpcV1Parameters.SIGNATURE_VERSION_1_0,
                "signature version");
        Optional<String> signatureType = request.parameter(RpcV1Parameters.SIGNATURE_TYPE);
        if (signatureType.isPresent()) {
            throw SignatureException.incompleteParameter(RpcV1Parameters.SIGNATURE_TYPE,
                    "unsupported signature type '" + signatureType.get() + "'");
        }
        String accessKeyId = required(request, RpcV1Parameters.ACCESS_KEY_ID);
        if (!Acs3Authorization.isValidAccessKeyId(accessKeyId)) {
            throw SignatureException.incompleteParameter(
                    RpcV1Parameters.ACCESS_KEY_ID, "malformed access key id '" + accessKeyId + "'");
        }
        String signature = required(request, RpcV1Parameters.SIGNATURE);
        if (!SIGNATURE_BASE64.matcher(signature).matches()) {
            throw SignatureException.incompleteParameter(
                    RpcV1Parameters.SIGNATURE, "malformed signature '" + signature + "'");
        }
        Instant timestamp = RpcV1Parameters.parseTimestamp(required(request, RpcV1Parameters.TIMESTAMP));
        String nonce = required(request, RpcV1Parameters.SIGNATURE_NONCE);
        return new RpcV1SignedRequest(request, accessKeyId, timestamp, nonce, signature);
    }

    /**
     * Finds the secret of the request's AccessKeyId with {@code secrets}, then verifies with it.
     *
     * @param secrets the secret of an AccessKeyId, or empty when there is no such (usable) AccessKey
     * @throws SignatureException of kind {@code InvalidAccessKeyId.NotFound} when {@code secrets} has none, of kind
     *     {@code SignatureDoesNotMatch} when the signature differs
     */
    public static void verify(RpcV1SignedRequest signed, Function<String, Optional<AccessKeySecret>> secrets) {
        Objects.requireNonNull(secrets, "secrets");
        AccessKeySecret secret = secrets.apply(signed.accessKeyId())
                .orElseThrow(() -> SignatureException.accessKeyNotFound(signed.accessKeyId()));
        verify(signed, secret);
    }

    /**
     * Checks that the signature is the one {@code secret} gives for the request.
     *
     * @throws SignatureException of kind {@code SignatureDoesNotMatch} otherwise
     */
    public static void verify(RpcV1SignedRequest signed, AccessKeySecret secret) {
        String expected = RpcV1Signer.signature(RpcV1StringToSign.of(signed.request()), secret);
        boolean matches = MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), signed.signature().getBytes(StandardCharsets.US_ASCII));
        if (!matches) {
            throw SignatureException.doesNotMatch("the request signature does not match");
        }
    }

    private static void requireValue(RpcV1Request request, String name, String expected, String what) {
        String value = required(request, name);
        if (!value.equals(expected)) {
            throw SignatureException.incompleteParameter(name, "unsupported " + what + " '" + value + "'");
        }
    }

    private static String required(RpcV1Request request, String name) {
        // inspect() checked every required parameter first.
        return request.parameter(name).orElseThrow();
    }
}
