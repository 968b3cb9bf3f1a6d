package io.tdeguard.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.tdeguard.config.ServingKeys;
import io.tdeguard.config.TdeGuardConfig;
import io.tdeguard.signature.AccessKeySecret;

/**
 * Encrypts AccessKey secrets at rest: AES-256-GCM, a random 96-bit nonce per secret, and the AccessKeyId as
 * associated data so that a ciphertext moved to another key's row does not decrypt.
 */
@ApplicationScoped
public class SecretCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /** The cipher of the configured key; {@link IllegalStateException} when it is missing or not 256 bits of base64. */
    public SecretCipher(TdeGuardConfig config) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(ServingKeys.required(config.secrets().encryptionKey(),
                    ServingKeys.ENCRYPTION_KEY));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("tdeguard.secrets.encryption-key is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("tdeguard.secrets.encryption-key must be 32 bytes (256 bits), base64-encoded");
        }
        key = new SecretKeySpec(raw, "AES");
    }

    public byte[] encrypt(String accessKeyId, String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, nonce, accessKeyId, secret.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    }

    public AccessKeySecret decrypt(String accessKeyId, byte[] ciphertext) {
        byte[] nonce = Arrays.copyOfRange(ciphertext, 0, NONCE_BYTES);
        byte[] sealed = Arrays.copyOfRange(ciphertext, NONCE_BYTES, ciphertext.length);
        return AccessKeySecret.of(new String(run(Cipher.DECRYPT_MODE, nonce, accessKeyId, sealed), StandardCharsets.UTF_8));
    }

    private byte[] run(int mode, byte[] nonce, String accessKeyId, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(accessKeyId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("an AccessKey secret could not be " + (mode == Cipher.ENCRYPT_MODE ? "encrypted" : "decrypted")
                    + ": is tdeguard.secrets.encryption-key the key it was stored with?", e);
        }
    }
}
