package io.tdeguard.audit.chain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The Ed25519 keys of checkpoints, with the JDK's own implementation (no other provider). A private key is read
 * from PKCS#8 (what {@code openssl genpkey -algorithm ed25519 -outform DER} writes), a public key from X.509
 * SubjectPublicKeyInfo, DER or PEM (what {@code openssl pkey -pubout} writes).
 *
 * <p>The key id is {@code "ed25519:"} followed by the first 16 lowercase hex digits of SHA-256 over the public
 * key's SubjectPublicKeyInfo DER (44 bytes): {@code openssl pkey -pubin -in pub.pem -outform DER | sha256sum}.
 */
public final class CheckpointKeys {

    public static final String ALGORITHM = "Ed25519";
    private static final String KEY_ID_PREFIX = "ed25519:";

    private CheckpointKeys() {
    }

    /** A signing key and its public half, as the function holds it. */
    public record SigningKey(PrivateKey privateKey, PublicKey publicKey, String keyId) {

        @Override
        public String toString() {
            return "SigningKey[" + keyId + "]"; // never the private key
        }

        /** Signs the head (seq, hash) at {@code time}. */
        public Checkpoint sign(long seq, String hash, Instant time) {
            String formatted = Checkpoint.formatTime(time);
            Checkpoint unsigned = new Checkpoint(seq, hash, formatted, keyId, "");
            String malformed = unsigned.malformation();
            if (malformed != null) {
                throw new IllegalArgumentException("cannot sign a malformed checkpoint: " + malformed);
            }
            try {
                Signature signer = Signature.getInstance(ALGORITHM);
                signer.initSign(privateKey);
                signer.update(Checkpoint.signedBytes(seq, hash, formatted, keyId));
                return new Checkpoint(seq, hash, formatted, keyId, Base64.getEncoder().encodeToString(signer.sign()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Ed25519 signing failed", e);
            }
        }
    }

    /**
     * Reads a PKCS#8 Ed25519 private key (base64 of its DER, or PEM) and derives its public key. The JDK has no
     * call for the derivation, so the key pair generator is given the private key as its only random bytes (RFC 8032
     * §5.1.5: the public key is a function of those 32 bytes); a probe signature then proves the pair.
     *
     * @throws IllegalArgumentException if the text is not an Ed25519 private key
     */
    public static SigningKey signingKey(String pkcs8) {
        PrivateKey privateKey;
        try {
            privateKey = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der(pkcs8, "PRIVATE KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a PKCS#8 Ed25519 private key (base64 of DER, or PEM)", e);
        }
        byte[] seed = ((EdECPrivateKey) privateKey).getBytes()
                .orElseThrow(() -> new IllegalArgumentException("the private key does not reveal its bytes"));
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
            KeyPair derived = generator.generateKeyPair();
            if (!Arrays.equals(((EdECPrivateKey) derived.getPrivate()).getBytes().orElseThrow(), seed)) {
                throw new IllegalStateException("the JDK's Ed25519 generator did not take the given private key");
            }
            PublicKey publicKey = derived.getPublic();
            SigningKey key = new SigningKey(privateKey, publicKey, keyId(publicKey));
            Checkpoint probe = key.sign(1, ChainHash.GENESIS, Instant.EPOCH);
            if (!verify(probe, publicKey)) {
                throw new IllegalStateException("the derived Ed25519 public key does not verify the private key's signature");
            }
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * Reads an Ed25519 public key: base64 of its SubjectPublicKeyInfo DER, or PEM ({@code -----BEGIN PUBLIC KEY-----}).
     *
     * @throws IllegalArgumentException if the text is not an Ed25519 public key
     */
    public static PublicKey publicKey(String text) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der(text, "PUBLIC KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key (base64 of SubjectPublicKeyInfo DER, or PEM)", e);
        }
    }

    /** {@code "ed25519:"} + the first 16 hex digits of SHA-256 over the SubjectPublicKeyInfo DER. */
    public static String keyId(PublicKey publicKey) {
        byte[] digest = ChainHash.newSha256().digest(publicKey.getEncoded());
        return KEY_ID_PREFIX + HexFormat.of().formatHex(digest, 0, 8);
    }

    /** Base64 of the SubjectPublicKeyInfo DER: the one-line form that configuration and the CLI take. */
    public static String base64(PublicKey publicKey) {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /** The PEM form of a public key, as {@code openssl pkey -pubout} writes it. */
    public static String pem(PublicKey publicKey) {
        return "-----BEGIN PUBLIC KEY-----\n" + base64(publicKey) + "\n-----END PUBLIC KEY-----\n";
    }

    /**
     * Whether {@code checkpoint} is well-formed and its signature verifies under {@code publicKey}. The caller checks
     * that the checkpoint names this key's id; a malformed checkpoint or signature never verifies.
     */
    public static boolean verify(Checkpoint checkpoint, PublicKey publicKey) {
        if (checkpoint.malformation() != null || !checkpoint.keyId().equals(keyId(publicKey))) {
            return false;
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(checkpoint.signature());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (signature.length != 64) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(checkpoint.signedBytes());
            return verifier.verify(signature);
        } catch (SignatureException | InvalidKeyException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }

    private static byte[] der(String text, String pemLabel) {
        String body = text.strip();
        String begin = "-----BEGIN " + pemLabel + "-----";
        String end = "-----END " + pemLabel + "-----";
        if (body.startsWith(begin)) {
            int stop = body.indexOf(end);
            if (stop < 0) {
                throw new IllegalArgumentException("PEM without its END line");
            }
            body = body.substring(begin.length(), stop);
        }
        return Base64.getDecoder().decode(body.replaceAll("\\s", "").getBytes(StandardCharsets.US_ASCII));
    }

    /** Hands out the given bytes as "random": only for deriving a public key from its private key. */
    private static final class FixedBytes extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final transient byte[] bytes;

        FixedBytes(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public void nextBytes(byte[] out) {
            if (out.length != bytes.length) {
                throw new IllegalStateException("expected a request for " + bytes.length + " bytes, got " + out.length);
            }
            System.arraycopy(bytes, 0, out, 0, out.length);
        }
    }
}
