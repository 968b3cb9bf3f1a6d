package io.tdeguard.audit.tlog;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One signature line of a signed note (C2SP signed-note §Signatures):
 * {@code — <name> <base64(4-byte big-endian key ID || signature)>} and a newline, the dash being U+2014.
 *
 * @param name      the key name
 * @param keyId     the key ID
 * @param signature the signature bytes (64 for Ed25519; at least 1); copied in and out
 */
public record NoteSignature(String name, int keyId, byte[] signature) {

    /** The em dash and space that open a signature line. */
    static final String PREFIX = "\u2014 ";

    /** @throws IllegalArgumentException if the name is invalid or the signature empty */
    public NoteSignature {
        if (!NoteText.isValidKeyName(name)) {
            throw new IllegalArgumentException("invalid key name '" + name + "' (empty, spaces or '+')");
        }
        Objects.requireNonNull(signature, "signature");
        if (signature.length == 0) {
            throw new IllegalArgumentException("empty signature");
        }
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The signature line, with its final newline. */
    public String line() {
        byte[] idAndSignature = ByteBuffer.allocate(4 + signature.length).putInt(keyId).put(signature).array();
        return PREFIX + name + " " + NoteText.encodeBase64(idAndSignature) + "\n";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NoteSignature s && name.equals(s.name) && keyId == s.keyId
                && Arrays.equals(signature, s.signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return line().stripTrailing();
    }
}
