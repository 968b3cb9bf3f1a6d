package io.tdeguard.auth;

/** A request whose signature holds: its caller, and the nonce it still has to spend ({@link Authenticator#spend}). */
public record Authentication(Caller caller, SignatureNonce nonce) {
}
