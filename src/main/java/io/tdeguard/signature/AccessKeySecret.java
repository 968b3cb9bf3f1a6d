package io.tdeguard.signature;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An AccessKey secret, wrapped so that it cannot be logged or compared by accident.
 *
 * <p>{@link #toString()} is redacted and {@code equals} is identity, so a secret never ends up in a log line,
 * an exception message or a map key by mistake. The only use of the value is as an HMAC key
 * ({@link #hmacSha256}); {@link #reveal()} exists for the few places that must hand it out (the response
 * that creates an AccessKey, encryption at rest) and is easy to search for.
 */
public final class AccessKeySecret {

    private static final String HMAC_SHA256 = "HmacSHA256";

    private final byte[] utf8;

    private AccessKeySecret(byte[] utf8) {
        this.utf8 = utf8;
    }

    /**
     * Wraps a secret as the SDKs use it: its UTF-8 bytes are the HMAC key.
     *
     * @throws IllegalArgumentException if the secret is empty (HMAC would accept no key)
     */
    public static AccessKeySecret of(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("access key secret is empty");
        }
        return new AccessKeySecret(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** HMAC-SHA256 of {@code message} keyed with this secret. */
    public byte[] hmacSha256(byte[] message) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(new SecretKeySpec(utf8, HMAC_SHA256));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            // Every Java platform must provide HmacSHA256, so this is a broken runtime, not bad input.
            throw new IllegalStateException("hmac-sha256 is unavailable", e);
        }
    }

    /** The secret itself. Only for handing it out once or encrypting it for storage; never log it. */
    public String reveal() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "AccessKeySecret[redacted]";
    }
}
