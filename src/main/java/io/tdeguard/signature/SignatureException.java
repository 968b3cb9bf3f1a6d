package io.tdeguard.signature;

import java.util.Objects;

/**
 * A request whose ACS3 signature is missing, malformed or wrong. The {@link Kind} carries the Alibaba error code
 * and HTTP status to answer with; the message is safe to return to the caller: it quotes what the caller sent
 * and never the expected signature or the secret.
 */
public final class SignatureException extends RuntimeException {

    /** The Alibaba error a signature failure maps to. */
    public enum Kind {
        /** The Authorization header or a header it must cover is missing or malformed. */
        INCOMPLETE_SIGNATURE("IncompleteSignature", 400),
        /** The signature, or the content hash it covers, does not match the request. */
        SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", 400);

        private final String code;
        private final int httpStatus;

        Kind(String code, int httpStatus) {
            this.code = code;
            this.httpStatus = httpStatus;
        }

        /** The Alibaba error code, e.g. {@code SignatureDoesNotMatch}. */
        public String code() {
            return code;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Kind kind;

    SignatureException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    static SignatureException incomplete(String message) {
        return new SignatureException(Kind.INCOMPLETE_SIGNATURE, message);
    }

    static SignatureException doesNotMatch(String message) {
        return new SignatureException(Kind.SIGNATURE_DOES_NOT_MATCH, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The Alibaba error code of the {@link #kind()}. */
    public String code() {
        return kind.code();
    }

    /** The HTTP status of the {@link #kind()}. */
    public int httpStatus() {
        return kind.httpStatus();
    }
}
