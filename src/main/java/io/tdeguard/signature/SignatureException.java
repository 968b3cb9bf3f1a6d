package io.tdeguard.signature;

import java.util.Objects;
import java.util.Optional;

/**
 * A request whose signature (ACS3 or RPC V1) is missing, malformed or wrong, or whose credentials or freshness are
 * refused. The {@link Kind} carries the Alibaba error code and HTTP status to answer with; the message is safe to
 * return to the caller: it quotes what the caller sent and never the expected signature or the secret. When the
 * failure is about one request parameter (a missing or malformed RPC common parameter), {@link #parameter()} names it.
 */
public final class SignatureException extends RuntimeException {

    /** The Alibaba error a signature failure maps to. */
    public enum Kind {
        /** The Authorization header or a header it must cover is missing or malformed. */
        INCOMPLETE_SIGNATURE("IncompleteSignature", 400),
        /** The signature, or the content hash it covers, does not match the request. */
        SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", 400),
        /** No AccessKey has the AccessKeyId the request names. */
        INVALID_ACCESS_KEY_ID_NOT_FOUND("InvalidAccessKeyId.NotFound", 404),
        /** The timestamp is not in the {@code yyyy-MM-dd'T'HH:mm:ss'Z'} form. */
        INVALID_TIMESTAMP_FORMAT("InvalidTimeStamp.Format", 400),
        /** The timestamp is outside the accepted window; the caller (not this package) checks the window. */
        INVALID_TIMESTAMP_EXPIRED("InvalidTimeStamp.Expired", 400),
        /** The nonce was seen before; the caller's replay store decides. */
        SIGNATURE_NONCE_USED("SignatureNonceUsed", 400),
        /**
         * The request carries an STS security token. TDE Guard authenticates only AccessKeys it issued itself, so a
         * temporary credential of Alibaba Cloud's STS can never be valid here. Ours: Alibaba has no code for it.
         */
        SECURITY_TOKEN_NOT_ACCEPTED("InvalidSecurityToken.NotAccepted", 400);

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
    private final String parameter;

    SignatureException(Kind kind, String message) {
        this(kind, null, message);
    }

    private SignatureException(Kind kind, String parameter, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.parameter = parameter;
    }

    static SignatureException incomplete(String message) {
        return new SignatureException(Kind.INCOMPLETE_SIGNATURE, message);
    }

    /** An {@code IncompleteSignature} about one request parameter, which {@link #parameter()} then names. */
    static SignatureException incompleteParameter(String parameter, String message) {
        return new SignatureException(Kind.INCOMPLETE_SIGNATURE, Objects.requireNonNull(parameter), message);
    }

    static SignatureException accessKeyNotFound(String accessKeyId) {
        return new SignatureException(
                Kind.INVALID_ACCESS_KEY_ID_NOT_FOUND, "access key id '" + accessKeyId + "' is not found");
    }

    static SignatureException timestampFormat(String parameter, String timestamp) {
        return new SignatureException(Kind.INVALID_TIMESTAMP_FORMAT, parameter, "malformed timestamp '" + timestamp
                + "': expected yyyy-MM-ddTHH:mm:ssZ in UTC");
    }

    static SignatureException securityTokenNotAccepted() {
        return new SignatureException(Kind.SECURITY_TOKEN_NOT_ACCEPTED,
                "sts tokens are not accepted: use an access key of this function");
    }

    /**
     * For the caller that checks freshness: the request's timestamp, as sent, is outside the accepted window.
     *
     * @param timestamp the timestamp as the request carries it, quoted in the message
     */
    public static SignatureException timestampExpired(String timestamp) {
        return new SignatureException(Kind.INVALID_TIMESTAMP_EXPIRED,
                "timestamp '" + timestamp + "' is outside the accepted window");
    }

    /** For the caller's replay store: the nonce, as sent, was used before. */
    public static SignatureException nonceUsed(String nonce) {
        return new SignatureException(Kind.SIGNATURE_NONCE_USED, "signature nonce '" + nonce + "' was used before");
    }

    static SignatureException doesNotMatch(String message) {
        return new SignatureException(Kind.SIGNATURE_DOES_NOT_MATCH, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The request parameter the failure is about, when it is about one (e.g. a missing {@code Timestamp}). */
    public Optional<String> parameter() {
        return Optional.ofNullable(parameter);
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
