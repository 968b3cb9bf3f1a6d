package io.tdeguard.audit.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Signed notes (C2SP signed-note), verifier keys and Ed25519 keys, with round trips and refusals. */
class SignedNoteTest {

    private static final HexFormat HEX = HexFormat.of();

    /** The example of Go's golang.org/x/mod/sumdb/note package documentation (note.go), signed by Go. */
    static final String GO_SIGNER_SEED_BASE64 = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"; // 0x01 || seed
    static final String GO_VERIFIER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    static final String GO_NOTE = GO_TEXT + "\n"
            + "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    static NoteSigner goSigner() {
        byte[] typed = Base64.getDecoder().decode(GO_SIGNER_SEED_BASE64);
        return NoteSigner.fromSeed("PeterNeumann", Arrays.copyOfRange(typed, 1, typed.length));
    }

    static NoteSigner signer(String name) {
        try {
            return new NoteSigner(name, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void goDocumentationExampleVerifiesAndIsReproducedByteForByte() throws NoteException {
        VerifierKey key = VerifierKey.parse(GO_VERIFIER_KEY);
        assertEquals(0xc74f20a3, key.keyId());
        assertEquals(GO_VERIFIER_KEY, key.format());
        SignedNote note = SignedNote.open(GO_NOTE, List.of(key));
        assertEquals(GO_TEXT, note.text());
        assertEquals(1, note.verifiedSignatures().size());
        // Ed25519 signatures are deterministic (RFC 8032): the same seed signs the same bytes as Go did
        assertEquals(key, goSigner().verifierKey());
        assertEquals(GO_NOTE, SignedNote.sign(GO_TEXT, List.of(goSigner())));
    }

    @Test
    void rfc8032TestVectorOneFromItsSeed() {
        NoteSigner signer = NoteSigner.fromSeed("rfc8032",
                HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertArrayEquals(HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"),
                signer.verifierKey().publicKey());
        assertArrayEquals(HEX.parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a3"
                + "3bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"), signer.sign("").signature());
    }

    @Test
    void keyIdIsTheFirstFourBytesOfTheHashOfNameNewlineTypeAndKey() throws Exception {
        VerifierKey key = signer("example.com/log").verifierKey();
        byte[] input = new byte[16 + 33];
        byte[] name = "example.com/log\n".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(name, 0, input, 0, 16);
        input[16] = 0x01;
        System.arraycopy(key.publicKey(), 0, input, 17, 32);
        byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(input);
        assertEquals(HEX.formatHex(hash, 0, 4), String.format("%08x", key.keyId()));
        assertEquals(key, VerifierKey.parse(key.format()));
        for (int i = 0; i < 20; i++) { // about half of all keys have a '+' in their base64
            VerifierKey another = signer("example.com/log").verifierKey();
            assertEquals(another, VerifierKey.parse(another.format()));
        }
    }

    @Test
    void verifierKeyRefusals() {
        String good = signer("a.example/x").verifierKey().format();
        String[] parts = good.split("\\+", 3);
        String wrongHash = parts[0] + "+" + (parts[1].charAt(0) == '0' ? "1" : "0") + parts[1].substring(1) + "+"
                + parts[2];
        for (String bad : List.of("", "a+b", good + "+x", wrongHash, parts[0] + "+" + parts[1].toUpperCase() + "+"
                        + parts[2], parts[0] + "+" + parts[1] + "+" + parts[2].substring(0, 43),
                "b.example/x+" + parts[1] + "+" + parts[2], "a b+" + parts[1] + "+" + parts[2],
                parts[0] + "+" + parts[1] + "+" + Base64.getEncoder().encodeToString(new byte[32]),
                parts[0] + "+" + parts[1] + "+" + Base64.getEncoder().encodeToString(new byte[34]))) {
            assertThrows(IllegalArgumentException.class, () -> VerifierKey.parse(bad), bad);
        }
        for (String name : List.of("", "a b", "a+b", "a\u00a0b", "a\tb", "a\u2003b", "a\u3000b")) {
            assertThrows(IllegalArgumentException.class, () -> signer(name), name);
        }
    }

    @Test
    void severalSignaturesAndKeyRotation() throws NoteException {
        NoteSigner old = signer("example.com/log");
        NoteSigner rotated = signer("example.com/log");
        NoteSigner witness = signer("witness.example/w1");
        String note = SignedNote.sign("example.com/log\n5\n" + NoteText.encodeBase64(new byte[32]) + "\n",
                List.of(old, rotated, witness));
        SignedNote byOld = SignedNote.open(note, List.of(old.verifierKey()));
        assertEquals(List.of("example.com/log"), names(byOld.verifiedSignatures()));
        assertEquals(2, byOld.unverifiedSignatures().size());
        SignedNote byBoth = SignedNote.open(note, List.of(rotated.verifierKey(), witness.verifierKey()));
        assertEquals(List.of("example.com/log", "witness.example/w1"), names(byBoth.verifiedSignatures()));
        assertEquals(rotated.verifierKey().keyId(), byBoth.verifiedSignatures().get(0).keyId());
        // a note from the new key alone is accepted by a verifier trusting old and new
        String onlyNew = SignedNote.sign("hello\n", List.of(rotated));
        assertEquals("hello\n", SignedNote.open(onlyNew, List.of(old.verifierKey(), rotated.verifierKey())).text());
    }

    @Test
    void refusals() {
        NoteSigner signer = signer("example.com/log");
        List<VerifierKey> trusted = List.of(signer.verifierKey());
        String note = SignedNote.sign("line one\n\nline three\n", List.of(signer));
        String line = note.substring(note.lastIndexOf("\n\n") + 2);
        String b64 = line.substring(line.lastIndexOf(' ') + 1, line.length() - 1);
        byte[] raw = Base64.getDecoder().decode(b64);
        raw[10] ^= 1;
        String flipped = note.replace(b64, Base64.getEncoder().encodeToString(raw));

        List<String[]> malformed = new ArrayList<>();
        malformed.add(new String[] {"missing final newline", note.substring(0, note.length() - 1)});
        malformed.add(new String[] {"no blank line", note.replace("line three\n\n", "line three\n")
                .replace("line one\n\n", "line one\n")});
        malformed.add(new String[] {"no signature", "text\n\n"});
        malformed.add(new String[] {"hyphen instead of em dash", note.replace("— ", "- ")});
        malformed.add(new String[] {"en dash", note.replace("— ", "\u2013 ")});
        malformed.add(new String[] {"no space after dash", note.replace("— ", "—")});
        malformed.add(new String[] {"bad base64", note.replace(b64, b64.substring(1))});
        malformed.add(new String[] {"base64 with a space", note.replace(b64, b64.substring(0, 8) + " "
                + b64.substring(8))});
        malformed.add(new String[] {"unpadded base64", note.replace(b64, b64.replace("=", ""))});
        malformed.add(new String[] {"signature of 4 bytes", note.replace(b64, "AAAAAA==")});
        malformed.add(new String[] {"duplicate signature", note + line});
        malformed.add(new String[] {"control character", note.replace("line one", "line\tone")});
        malformed.add(new String[] {"carriage return", note.replace("line one\n", "line one\r\n")});
        malformed.add(new String[] {"lone surrogate", note.replace("line one", "line \ud800one")});
        malformed.add(new String[] {"trailing text after signatures", note + "garbage\n"});
        malformed.add(new String[] {"name with plus", note.replace("— example.com/log", "— example.com+log")});
        malformed.add(new String[] {"too many lines", note + line.replace("example.com/log", "other").repeat(100)});
        for (String[] c : malformed) {
            NoteException e = assertThrows(NoteException.class, () -> SignedNote.open(c[1], trusted), c[0]);
            assertEquals(NoteException.Reason.MALFORMED, e.reason(), c[0] + ": " + e.getMessage());
        }
        assertEquals(NoteException.Reason.INVALID_SIGNATURE,
                assertThrows(NoteException.class, () -> SignedNote.open(flipped, trusted)).reason());
        assertEquals(NoteException.Reason.INVALID_SIGNATURE, assertThrows(NoteException.class,
                () -> SignedNote.open(note.replace("line three", "line 3"), trusted)).reason());
        // a blank line among the signatures makes the lines above it text, which the signature does not cover
        assertEquals(NoteException.Reason.INVALID_SIGNATURE, assertThrows(NoteException.class,
                () -> SignedNote.open(note + "\n" + line, trusted)).reason());
        assertEquals(NoteException.Reason.NO_TRUSTED_SIGNATURE, assertThrows(NoteException.class,
                () -> SignedNote.open(note, List.of(signer("example.com/log").verifierKey()))).reason());
        assertEquals(NoteException.Reason.NO_TRUSTED_SIGNATURE, assertThrows(NoteException.class,
                () -> SignedNote.open(note, List.of())).reason());
    }

    @Test
    void signingRefusesTextsThatCannotBeNotes() {
        NoteSigner signer = signer("example.com/log");
        for (String text : List.of("", "no newline", "tab\there\n", "cr\r\n")) {
            assertThrows(IllegalArgumentException.class, () -> SignedNote.sign(text, List.of(signer)), text);
        }
        assertThrows(IllegalArgumentException.class, () -> SignedNote.sign("text\n", List.of()));
        assertThrows(IllegalArgumentException.class, () -> SignedNote.sign("text\n", List.of(signer, signer)));
    }

    private static List<String> names(List<NoteSignature> signatures) {
        List<String> names = new ArrayList<>();
        for (NoteSignature signature : signatures) {
            names.add(signature.name());
        }
        return names;
    }
}
