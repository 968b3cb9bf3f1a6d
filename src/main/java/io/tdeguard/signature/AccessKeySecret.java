package io.tdeguard.signature;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An AccessKey secret, wrapped so that it cannot be logged or compared by accident.
 *
 * <p>{@link #toString()} is redacted and {@code equals} is identity, so a secret never ends up in a log line,
 * an exception message or a map key by mistake. The only use of the value is as an HMAC key
 * ({@link #hmacSha256} for ACS3, {@link #rpcV1HmacSha1} for the RPC V1 signature); {@link #reveal()} exists for the few places that must hand it out (the response
 * that creates an AccessKey, encryption at rest) and is easy to search for.
 */
public final class AccessKeySecret {

    private static final String HMAC_SHA256 = "HmacSHA256";
    private static final String HMAC_SHA1 = "HmacSHA1";
    /** The RPC V1 signature keys its HMAC with the secret followed by this (its key would end in a token secret). */
    private static final byte RPC_V1_KEY_SUFFIX = '&';

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
        return hmac(HMAC_SHA256, utf8, message);
    }

    /**
     * HMAC-SHA1 of {@code message} keyed with this secret followed by {@code &}, as the RPC V1 signature
     * ({@code SignatureMethod=HMAC-SHA1}) keys it.
     */
    public byte[] rpcV1HmacSha1(byte[] message) {
        byte[] key = Arrays.copyOf(utf8, utf8.length + 1);
        key[utf8.length] = RPC_V1_KEY_SUFFIX;
        try {
            return hmac(HMAC_SHA1, key, message);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static byte[] hmac(String algorithm, byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            // Every Java platform must provide HmacSHA256 and HmacSHA1, so this is a broken runtime, not bad input.
            throw new IllegalStateException(algorithm.toLowerCase(Locale.ROOT) + " is unavailable", e);
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
