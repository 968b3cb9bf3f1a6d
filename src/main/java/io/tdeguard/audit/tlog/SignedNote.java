package io.tdeguard.audit.tlog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A C2SP signed note: a text, a blank line, and one or more signature lines.
 * <pre>
 *   &lt;text: lines, each ending in "\n"; it may hold empty lines&gt;
 *   "\n"
 *   "— &lt;key name&gt; &lt;base64(4-byte key ID || signature)&gt;\n"     one or more ({@link NoteSignature})
 * </pre>
 * The whole note is UTF-8 without ASCII control characters but newline; the text ends at the last blank line.
 * {@link #open} accepts a note signed by any of a set of trusted keys (key rotation, witnesses): signatures by other
 * keys are kept as unverified and otherwise ignored, as signed-note §Signatures requires.
 *
 * @param text                 the note text, ending in "\n" (the signed bytes are its UTF-8)
 * @param verifiedSignatures   the signatures by trusted keys, each verified; at least one after {@link #open}
 * @param unverifiedSignatures the signatures by keys not trusted, not checked
 */
public record SignedNote(String text, List<NoteSignature> verifiedSignatures,
                         List<NoteSignature> unverifiedSignatures) {

    /** The most signature lines {@link #open} reads (signed-note: a verifier MUST accept at least 16). */
    public static final int MAX_SIGNATURES = 100;

    public SignedNote {
        Objects.requireNonNull(text, "text");
        verifiedSignatures = List.copyOf(verifiedSignatures);
        unverifiedSignatures = List.copyOf(unverifiedSignatures);
    }

    /**
     * Signs a text with each signer, in order.
     *
     * @param text    non-empty, ending in "\n", no control characters but newline, no lone surrogates
     * @param signers at least one; their (name, key ID) pairs distinct
     * @return the note: text, blank line, one signature line per signer
     * @throws IllegalArgumentException if the text or the signers break those rules
     */
    public static String sign(String text, List<NoteSigner> signers) {
        Objects.requireNonNull(text, "text");
        String invalid = NoteText.invalidCharacters(text);
        if (text.isEmpty() || !text.endsWith("\n") || invalid != null) {
            throw new IllegalArgumentException("note text must be non-empty, end in a newline and hold no control "
                    + "character but newline" + (invalid == null ? "" : ": " + invalid));
        }
        if (signers.isEmpty()) {
            throw new IllegalArgumentException("a signed note needs at least one signature");
        }
        StringBuilder note = new StringBuilder(text).append('\n');
        Set<KeyRef> keys = new HashSet<>();
        for (NoteSigner signer : signers) {
            if (!keys.add(new KeyRef(signer.name(), signer.verifierKey().keyId()))) {
                throw new IllegalArgumentException("two signers with key " + signer.name());
            }
            note.append(signer.sign(text).line());
        }
        return note.toString();
    }

    /**
     * Parses a signed note and verifies its signatures by trusted keys (C2SP signed-note; Go's
     * {@code note.Open}).
     *
     * @param note    the whole note
     * @param trusted the keys whose signatures count (any one of them suffices); keys are told apart by
     *                (name, key ID)
     * @return the note, its verified and its ignored signatures
     * @throws NoteException {@code MALFORMED} if it is not a well-formed note (control characters, no final newline,
     *                       no blank line before the signatures, a line without the "— " prefix, an invalid name,
     *                       non-canonical base64, fewer than 5 signature bytes, more than {@link #MAX_SIGNATURES}
     *                       lines, or two signatures by the same trusted key); {@code INVALID_SIGNATURE} if a
     *                       trusted key's signature does not verify; {@code NO_TRUSTED_SIGNATURE} if no signature
     *                       is by a trusted key
     */
    public static SignedNote open(String note, Collection<VerifierKey> trusted) throws NoteException {
        Objects.requireNonNull(note, "note");
        String invalid = NoteText.invalidCharacters(note);
        if (invalid != null) {
            throw NoteException.malformed("note holds a " + invalid);
        }
        if (!note.endsWith("\n")) {
            throw NoteException.malformed("note does not end in a newline");
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw NoteException.malformed("note has no blank line before its signatures");
        }
        String text = note.substring(0, split + 1);
        if (split + 2 == note.length()) {
            throw NoteException.malformed("note has no signature line");
        }
        String[] lines = note.substring(split + 2, note.length() - 1).split("\n", -1);
        if (lines.length > MAX_SIGNATURES) {
            throw NoteException.malformed("note has " + lines.length + " signature lines, more than "
                    + MAX_SIGNATURES);
        }
        Map<KeyRef, VerifierKey> keys = new HashMap<>();
        for (VerifierKey key : trusted) {
            keys.put(new KeyRef(key.name(), key.keyId()), key);
        }
        byte[] signedBytes = text.getBytes(StandardCharsets.UTF_8);
        List<NoteSignature> verified = new ArrayList<>();
        List<NoteSignature> unverified = new ArrayList<>();
        Set<KeyRef> seen = new HashSet<>();
        for (String line : lines) {
            NoteSignature signature = parseLine(line);
            KeyRef id = new KeyRef(signature.name(), signature.keyId());
            VerifierKey key = keys.get(id);
            if (key == null) {
                unverified.add(signature);
                continue;
            }
            if (!seen.add(id)) {
                throw NoteException.malformed("two signatures by key " + signature.name());
            }
            if (!key.verifies(signedBytes, signature.signature())) {
                throw new NoteException(NoteException.Reason.INVALID_SIGNATURE,
                        "signature by trusted key " + key.format() + " does not verify");
            }
            verified.add(signature);
        }
        if (verified.isEmpty()) {
            throw new NoteException(NoteException.Reason.NO_TRUSTED_SIGNATURE,
                    "no signature by a trusted key among " + lines.length);
        }
        return new SignedNote(text, verified, unverified);
    }

    private static NoteSignature parseLine(String line) throws NoteException {
        if (!line.startsWith(NoteSignature.PREFIX)) {
            throw NoteException.malformed("signature line does not start with an em dash (U+2014) and a space: '"
                    + line + "'");
        }
        int space = line.indexOf(' ', NoteSignature.PREFIX.length());
        if (space < 0) {
            throw NoteException.malformed("signature line has no space between name and signature");
        }
        String name = line.substring(NoteSignature.PREFIX.length(), space);
        byte[] idAndSignature = NoteText.decodeBase64(line.substring(space + 1));
        if (!NoteText.isValidKeyName(name)) {
            throw NoteException.malformed("invalid key name '" + name + "' in a signature line");
        }
        if (idAndSignature == null || idAndSignature.length < 5) {
            throw NoteException.malformed("signature of '" + name + "' is not canonical base64 of a 4-byte key ID "
                    + "and a signature");
        }
        int keyId = ByteBuffer.wrap(idAndSignature).getInt();
        return new NoteSignature(name, keyId, Arrays.copyOfRange(idAndSignature, 4, idAndSignature.length));
    }

    /** What identifies a key in a note (signed-note §Signatures): its name and key ID together. */
    private record KeyRef(String name, int keyId) {
    }
}
