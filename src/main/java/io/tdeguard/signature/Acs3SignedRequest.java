package io.tdeguard.signature;

import java.util.Optional;

/**
 * A request whose {@code Authorization} header has been parsed and found complete by
 * {@link Acs3Verifier#inspect}, but whose signature is not yet verified.
 *
 * <p>It exposes what the caller needs before verifying: the AccessKeyId to find the secret, and the date and
 * nonce to check freshness and replay. Nothing here is authentic until {@link Acs3Verifier#verify} succeeds.
 */
public final class Acs3SignedRequest {

    private final Acs3Request request;
    private final Acs3Authorization authorization;

    Acs3SignedRequest(Acs3Request request, Acs3Authorization authorization) {
        this.request = request;
        this.authorization = authorization;
    }

    public Acs3Request request() {
        return request;
    }

    public Acs3Authorization authorization() {
        return authorization;
    }

    /** The AccessKeyId the caller claims, from {@code Credential}. */
    public String accessKeyId() {
        return authorization.accessKeyId();
    }

    /** The {@code x-acs-date} value as sent; always signed. */
    public String date() {
        return signedHeader(Acs3Headers.DATE);
    }

    /** The {@code x-acs-signature-nonce} value as sent; always signed. */
    public String nonce() {
        return signedHeader(Acs3Headers.SIGNATURE_NONCE);
    }

    /** The {@code x-acs-security-token} value, when sent; it is then signed. */
    public Optional<String> securityToken() {
        return request.header(Acs3Headers.SECURITY_TOKEN);
    }

    private String signedHeader(String name) {
        // inspect() made sure that every required signed header is present.
        return request.header(name).orElseThrow();
    }
}
