package io.tdeguard.audit.tlog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An Ed25519 note verifier key (C2SP signed-note, signature type 0x01): a key name, its 32-bit key ID and the
 * 32-byte RFC 8032 public key. Its text form, as Go's {@code sumdb/note} reads it, is
 * <pre>
 *   &lt;name&gt;+&lt;key ID as 8 lowercase hex digits&gt;+&lt;base64(0x01 || 32-byte public key)&gt;
 * </pre>
 * with key ID = the first 4 bytes, big-endian, of SHA-256(name || 0x0A || 0x01 || public key).
 *
 * @param name      a valid key name (non-empty, no Unicode spaces, no '+')
 * @param keyId     the key ID computed from name and key
 * @param publicKey 32 bytes; copied in and out
 */
public record VerifierKey(String name, int keyId, byte[] publicKey) {

    /** Signature type byte of Ed25519 in signed-note. */
    static final byte ED25519 = 0x01;

    static final int PUBLIC_KEY_SIZE = 32;
    static final int SIGNATURE_SIZE = 64;

    // DER SubjectPublicKeyInfo of an Ed25519 key (RFC 8410 §4) before the 32 raw bytes: how the JDK takes raw keys
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    /** @throws IllegalArgumentException if the name is invalid, the key not 32 bytes or the key ID not the key's */
    public VerifierKey {
        if (!NoteText.isValidKeyName(name)) {
            throw new IllegalArgumentException("invalid key name '" + name + "' (empty, spaces or '+')");
        }
        Objects.requireNonNull(publicKey, "publicKey");
        if (publicKey.length != PUBLIC_KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, got " + publicKey.length);
        }
        publicKey = publicKey.clone();
        if (keyId != keyId(name, publicKey)) {
            throw new IllegalArgumentException(String.format("key ID %08x is not that of key '%s' (%08x)", keyId,
                    name, keyId(name, publicKey)));
        }
    }

    /** The verifier key of {@code name} and a 32-byte Ed25519 public key. */
    public static VerifierKey of(String name, byte[] publicKey) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(publicKey, "publicKey");
        return new VerifierKey(name, keyId(name, publicKey), publicKey);
    }

    /**
     * Parses the text form.
     *
     * @throws IllegalArgumentException if it is not three '+'-separated fields as above, the key is not type 0x01
     *                                  with 32 bytes, or the key ID does not match
     */
    public static VerifierKey parse(String text) {
        Objects.requireNonNull(text, "text");
        // names hold no '+', base64 may: the first two '+' delimit the fields
        String[] fields = text.split("\\+", 3);
        if (fields.length != 3 || fields[1].length() != 8 || !fields[1].chars().allMatch(
                c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("not a verifier key <name>+<8 hex>+<base64>: '" + text + "'");
        }
        byte[] typed = NoteText.decodeBase64(fields[2]);
        if (typed == null || typed.length != 1 + PUBLIC_KEY_SIZE || typed[0] != ED25519) {
            throw new IllegalArgumentException("verifier key '" + fields[0]
                    + "' is not base64 of 0x01 and a 32-byte Ed25519 public key");
        }
        return new VerifierKey(fields[0], Integer.parseUnsignedInt(fields[1], 16),
                Arrays.copyOfRange(typed, 1, typed.length));
    }

    /** The text form, {@code <name>+<8 hex>+<base64(0x01 || key)>}. */
    public String format() {
        byte[] typed = new byte[1 + PUBLIC_KEY_SIZE];
        typed[0] = ED25519;
        System.arraycopy(publicKey, 0, typed, 1, PUBLIC_KEY_SIZE);
        return name + "+" + String.format("%08x", keyId) + "+" + NoteText.encodeBase64(typed);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** Key ID = SHA-256(name || 0x0A || 0x01 || publicKey)[:4] as a big-endian int (signed-note §Ed25519). */
    public static int keyId(String name, byte[] publicKey) {
        MessageDigest sha256 = MerkleHash.sha256();
        sha256.update(name.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) '\n');
        sha256.update(ED25519);
        sha256.update(publicKey);
        return ByteBuffer.wrap(sha256.digest()).getInt();
    }

    /** Whether {@code signature} is this key's Ed25519 signature of {@code message}; false for a wrong length. */
    boolean verifies(byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_SIZE) {
            return false;
        }
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(javaPublicKey(publicKey));
            ed25519.update(message);
            return ed25519.verify(signature);
        } catch (InvalidKeyException | SignatureException e) {
            return false; // a point not on the curve, or a malformed signature: no valid signature either way
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides Ed25519 (JEP 339)", e);
        }
    }

    static PublicKey javaPublicKey(byte[] raw) throws GeneralSecurityException {
        byte[] der = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + PUBLIC_KEY_SIZE);
        System.arraycopy(raw, 0, der, X509_PREFIX.length, PUBLIC_KEY_SIZE);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    }

    /** The 32 raw bytes of a JDK Ed25519 public key (its X.509 encoding minus the fixed prefix). */
    static byte[] rawPublicKey(PublicKey key) {
        byte[] der = key.getEncoded();
        if (!"Ed25519".equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm())
                || der.length != X509_PREFIX.length + PUBLIC_KEY_SIZE
                || !Arrays.equals(der, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        return Arrays.copyOfRange(der, X509_PREFIX.length, der.length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VerifierKey key && name.equals(key.name) && keyId == key.keyId
                && Arrays.equals(publicKey, key.publicKey);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + keyId;
    }

    @Override
    public String toString() {
        return format();
    }
}
