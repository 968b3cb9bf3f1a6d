package io.tdeguard.signature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.TreeSet;

/**
 * Verifies ACS3-HMAC-SHA256 signatures of received requests, in two steps so that the caller can look up the
 * secret in between:
 *
 * <pre>
 * Acs3SignedRequest signed = Acs3Verifier.inspect(request);       // IncompleteSignature
 * AccessKeySecret secret = lookUp(signed.accessKeyId());          // the caller's job, as are date and nonce
 * Acs3Verifier.verify(signed, secret);                            // SignatureDoesNotMatch
 * </pre>
 *
 * Verification recomputes the signature with {@link Acs3Signer} over the headers the {@code Authorization} header
 * names, and compares in constant time. It never reveals the expected signature.
 */
public final class Acs3Verifier {

    private Acs3Verifier() {
    }

    /**
     * Parses the {@code Authorization} header of {@code request} ({@link Acs3Authorization#parse}) and checks that
     * every header it names is present, and that an {@code x-acs-security-token}, if sent, is signed.
     *
     * @throws SignatureException of kind {@code IncompleteSignature} otherwise
     */
    public static Acs3SignedRequest inspect(Acs3Request request) {
        String header = request.header(Acs3Headers.AUTHORIZATION)
                .orElseThrow(() -> SignatureException.incomplete("missing authorization header"));
        Acs3Authorization authorization = Acs3Authorization.parse(header);
        for (String name : authorization.signedHeaders()) {
            if (request.header(name).isEmpty()) {
                throw SignatureException.incomplete("signed header '" + name + "' is missing from the request");
            }
        }
        boolean unsignedToken = request.header(Acs3Headers.SECURITY_TOKEN).isPresent()
                && !authorization.signedHeaders().contains(Acs3Headers.SECURITY_TOKEN);
        if (unsignedToken) {
            // An unsigned token could be swapped for another principal's by anyone relaying the request.
            throw SignatureException.incomplete("header '" + Acs3Headers.SECURITY_TOKEN + "' is not signed");
        }
        return new Acs3SignedRequest(request, authorization);
    }

    /**
     * Checks that {@code x-acs-content-sha256} is the hash of the body, then that the signature is the one
     * {@code secret} gives for the request.
     *
     * @throws SignatureException of kind {@code SignatureDoesNotMatch} if either differs
     */
    public static void verify(Acs3SignedRequest signed, AccessKeySecret secret) {
        Acs3Request request = signed.request();
        String bodyHash = Acs3CanonicalRequest.hashedPayload(request.body());
        // inspect() made sure the header is present; what is signed is its trimmed value.
        String declaredHash = request.header(Acs3Headers.CONTENT_SHA256).orElseThrow().trim();
        if (!declaredHash.equals(bodyHash)) {
            throw SignatureException.doesNotMatch("the content hash does not match the body: '"
                    + Acs3Headers.CONTENT_SHA256 + "' is '" + declaredHash + "'");
        }
        Acs3Authorization authorization = signed.authorization();
        Acs3Signature expected = Acs3Signer.sign(
                request, new TreeSet<>(authorization.signedHeaders()), authorization.accessKeyId(), secret);
        boolean matches = MessageDigest.isEqual(
                expected.signature().getBytes(StandardCharsets.US_ASCII),
                authorization.signature().getBytes(StandardCharsets.US_ASCII));
        if (!matches) {
            throw SignatureException.doesNotMatch("the request signature does not match");
        }
    }
}
