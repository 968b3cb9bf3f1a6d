package io.tdeguard.audit.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * Known answers made with OpenSSL 3.0 from the test profile's key (Ed25519 signatures are deterministic, so the
 * JDK must produce exactly OpenSSL's):
 * <pre>
 *   openssl pkey -inform DER -in test.der -pubout -outform DER | sha256sum | cut -c1-16
 *   printf 'tdeguard.audit.checkpoint.v1\0ed25519:2d2a4e7b3df1da84\0' ... | openssl pkeyutl -sign -rawin ...
 * </pre>
 */
class CheckpointKeysTest {

    static final String TEST_PRIVATE_KEY = "MC4CAQAwBQYDK2VwBCIEIHKPNMB/MFnGs0lmhdxME+UO0XNfa/Euf0I0tGm4TfqI";
    static final String TEST_PUBLIC_KEY = "MCowBQYDK2VwAyEAxEls/Hg9OocdI6gAYy2KWpKHfd8hVYe028LmEELkoGI=";
    static final String TEST_KEY_ID = "ed25519:2d2a4e7b3df1da84";
    static final String HASH = "a".repeat(64);
    static final String OPENSSL_SIGNATURE =
            "HpZrQ3aA72SaH/xOkdZrUuzJ/Q0dYiCzOqK2iFP8boORojJNmV9g9CRhQnAqccfIfvxnUDsQk+Erzuib//5QDw==";

    static final CheckpointKeys.SigningKey KEY = CheckpointKeys.signingKey(TEST_PRIVATE_KEY);

    @Test
    void derivesThePublicKeyAndKeyIdThatOpensslDerives() {
        assertEquals(TEST_PUBLIC_KEY, CheckpointKeys.base64(KEY.publicKey()));
        assertEquals(TEST_KEY_ID, KEY.keyId());
        assertEquals(TEST_KEY_ID, CheckpointKeys.keyId(CheckpointKeys.publicKey(TEST_PUBLIC_KEY)));
    }

    @Test
    void signsExactlyTheDocumentedBytesAsOpensslDoes() {
        Checkpoint checkpoint = KEY.sign(42, HASH, Instant.parse("2026-11-28T16:52:28.123456Z"));
        assertEquals("2026-11-28T16:52:28.123Z", checkpoint.time());
        assertArrayEquals(("tdeguard.audit.checkpoint.v1\0" + TEST_KEY_ID + "\0" + "42\0" + HASH + "\0"
                + "2026-11-28T16:52:28.123Z").getBytes(StandardCharsets.US_ASCII), checkpoint.signedBytes());
        assertEquals(OPENSSL_SIGNATURE, checkpoint.signature());
        assertTrue(CheckpointKeys.verify(checkpoint, CheckpointKeys.publicKey(TEST_PUBLIC_KEY)));
    }

    @Test
    void alwaysWritesThreeFractionDigits() {
        assertEquals("2026-11-28T16:52:28.000Z", Checkpoint.formatTime(Instant.parse("2026-11-28T16:52:28Z")));
    }

    @Test
    void refusesEveryChangedField() {
        PublicKey key = KEY.publicKey();
        Checkpoint good = KEY.sign(42, HASH, Instant.parse("2026-11-28T16:52:28.123Z"));
        assertFalse(CheckpointKeys.verify(new Checkpoint(43, HASH, good.time(), good.keyId(), good.signature()), key));
        assertFalse(CheckpointKeys.verify(new Checkpoint(42, "b".repeat(64), good.time(), good.keyId(), good.signature()), key));
        assertFalse(CheckpointKeys.verify(new Checkpoint(42, HASH, "2026-11-28T16:52:28.124Z", good.keyId(), good.signature()), key));
        assertFalse(CheckpointKeys.verify(new Checkpoint(42, HASH, good.time(), "ed25519:0000000000000000", good.signature()), key));
        byte[] flipped = java.util.Base64.getDecoder().decode(good.signature());
        flipped[10] ^= 1;
        assertFalse(CheckpointKeys.verify(new Checkpoint(42, HASH, good.time(), good.keyId(),
                java.util.Base64.getEncoder().encodeToString(flipped)), key));
        assertFalse(CheckpointKeys.verify(new Checkpoint(42, HASH, good.time(), good.keyId(), "not base64!"), key));
        assertFalse(CheckpointKeys.verify(new Checkpoint(42, HASH, good.time(), good.keyId(), ""), key));
        assertFalse(CheckpointKeys.verify(good, CheckpointKeys.signingKey(LocalKey.PRIVATE).publicKey()));
    }

    @Test
    void namesMalformedFields() {
        assertNull(new Checkpoint(1, HASH, "2026-11-28T16:52:28.123Z", TEST_KEY_ID, "").malformation());
        assertNotNull(new Checkpoint(0, HASH, "2026-11-28T16:52:28.123Z", TEST_KEY_ID, "").malformation());
        assertNotNull(new Checkpoint(1, HASH.toUpperCase(), "2026-11-28T16:52:28.123Z", TEST_KEY_ID, "").malformation());
        assertNotNull(new Checkpoint(1, HASH, "2026-11-28T16:52:28Z", TEST_KEY_ID, "").malformation());
        assertNotNull(new Checkpoint(1, HASH, "2026-11-28T16:52:28.123Z", "id\0with nul", "").malformation());
    }

    @Test
    void readsPemAndRefusesWhatIsNotAnEd25519Key() {
        PublicKey key = CheckpointKeys.publicKey(CheckpointKeys.pem(KEY.publicKey()));
        assertEquals(TEST_KEY_ID, CheckpointKeys.keyId(key));
        assertThrows(IllegalArgumentException.class, () -> CheckpointKeys.publicKey("bm90IGEga2V5"));
        assertThrows(IllegalArgumentException.class, () -> CheckpointKeys.signingKey(TEST_PUBLIC_KEY));
        assertThrows(IllegalArgumentException.class, () -> CheckpointKeys.signingKey("***"));
    }

    @Test
    void neverPrintsThePrivateKey() {
        assertEquals("SigningKey[" + TEST_KEY_ID + "]", KEY.toString());
    }

    /** The local profile's key, as another key than the test one. */
    static final class LocalKey {
        static final String PRIVATE = "MC4CAQAwBQYDK2VwBCIEIAxoGl7BJlE7V7cLH9UwB/26iREvIr8P5fyXEMpNSxrZ";
    }
}
