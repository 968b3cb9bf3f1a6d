package io.tdeguard.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class AccessKeySecretTest {

    @Test
    void redactsItselfWhenPrinted() {
        AccessKeySecret secret = AccessKeySecret.of("testSecret0123456789abcdefABCDEF");

        assertFalse(secret.toString().contains("testSecret"));
        assertFalse(String.valueOf(secret).contains("0123456789"));
    }

    @Test
    void isNotEqualToAnotherWrapperOfTheSameValue() {
        assertNotEquals(AccessKeySecret.of("same"), AccessKeySecret.of("same"));
    }

    @Test
    void computesHmacSha256WithItsUtf8BytesAsKey() {
        // RFC 4231, test case 2.
        byte[] mac = AccessKeySecret.of("Jefe").hmacSha256("what do ya want for nothing?".getBytes(StandardCharsets.UTF_8));

        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", HexFormat.of().formatHex(mac));
    }

    @Test
    void refusesAnEmptySecret() {
        assertThrows(IllegalArgumentException.class, () -> AccessKeySecret.of(""));
    }

    @Test
    void revealsTheValueOnlyWhenAsked() {
        assertEquals("testSecret", AccessKeySecret.of("testSecret").reveal());
    }
}
