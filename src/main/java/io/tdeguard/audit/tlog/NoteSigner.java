package io.tdeguard.audit.tlog;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.util.Objects;

/**
 * Signs note texts with one Ed25519 key under one key name (C2SP signed-note, signature type 0x01). Thread-safe.
 */
public final class NoteSigner {

    private final VerifierKey verifierKey;
    private final PrivateKey privateKey;

    /**
     * @param name    the key name (non-empty, no Unicode spaces, no '+'); by tlog-checkpoint, the log's origin
     * @param keyPair a JDK Ed25519 key pair ({@code KeyPairGenerator.getInstance("Ed25519")})
     * @throws IllegalArgumentException if the name is invalid or the keys are not Ed25519
     */
    public NoteSigner(String name, KeyPair keyPair) {
        Objects.requireNonNull(keyPair, "keyPair");
        this.verifierKey = VerifierKey.of(name, VerifierKey.rawPublicKey(keyPair.getPublic()));
        this.privateKey = keyPair.getPrivate();
        if (!"Ed25519".equals(privateKey.getAlgorithm()) && !"EdDSA".equals(privateKey.getAlgorithm())) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + privateKey.getAlgorithm());
        }
    }

    /**
     * A signer from a 32-byte RFC 8032 private key (the seed, as Go's {@code ed25519.NewKeyFromSeed} takes it).
     * JDK 17 has no call that derives the public key, so the seed is fed to the JDK's key pair generator as its
     * only random bytes, which derives the pair exactly as RFC 8032 §5.1.5 does.
     *
     * @throws IllegalArgumentException if the seed is not 32 bytes or the name is invalid
     */
    public static NoteSigner fromSeed(String name, byte[] seed) {
        Objects.requireNonNull(seed, "seed");
        if (seed.length != 32) {
            throw new IllegalArgumentException("an Ed25519 private key (seed) is 32 bytes, got " + seed.length);
        }
        SecureRandom feedsSeed = new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                if (bytes.length != seed.length) {
                    throw new IllegalStateException("the Ed25519 generator asked for " + bytes.length + " bytes");
                }
                System.arraycopy(seed, 0, bytes, 0, seed.length);
            }
        };
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, feedsSeed);
            return new NoteSigner(name, generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides Ed25519 (JEP 339)", e);
        }
    }

    /** The key that verifies this signer's signatures. */
    public VerifierKey verifierKey() {
        return verifierKey;
    }

    /** The key name. */
    public String name() {
        return verifierKey.name();
    }

    /**
     * This key's signature of a note text.
     *
     * @param text the note text (its UTF-8 bytes are signed)
     * @return the signature, 64 bytes, with this key's name and ID
     */
    public NoteSignature sign(String text) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(privateKey);
            ed25519.update(text.getBytes(StandardCharsets.UTF_8));
            return new NoteSignature(verifierKey.name(), verifierKey.keyId(), ed25519.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with a checked Ed25519 key failed", e);
        }
    }
}
