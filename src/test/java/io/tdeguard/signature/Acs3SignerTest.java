package io.tdeguard.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class Acs3SignerTest {

    private static final AccessKeySecret SECRET = AccessKeySecret.of("testSecret0123456789abcdefABCDEF");

    @Test
    void signsHostContentTypeAndEveryAcsHeaderLikeTheSdk() {
        Acs3Request request = Acs3Request.builder("POST", "/")
                .header("Host", "h")
                .header("Content-Type", "application/json")
                .header("Content-Length", "2")
                .header("User-Agent", "curl")
                .header("X-Acs-Region-Id", "cn-hangzhou")
                .header("x-acs-date", "2026-11-28T16:52:28Z")
                .header("x-acsfoo", "not an x-acs- header")
                .build();

        assertEquals(List.of("content-type", "host", "x-acs-date", "x-acs-region-id"),
                List.copyOf(Acs3Signer.signedHeaderNames(request)));
    }

    @Test
    void refusesARequestWithoutHost() {
        Acs3Request request = Acs3Request.builder("POST", "/").header("x-acs-date", "d").build();

        assertThrows(IllegalArgumentException.class, () -> Acs3Signer.sign(request, "LTAI5tKey", SECRET));
    }

    @Test
    void refusesAnAccessKeyIdThatWouldBreakTheAuthorizationHeader() {
        Acs3Request request = Acs3Request.builder("POST", "/").header("host", "h").build();

        assertThrows(IllegalArgumentException.class, () -> Acs3Signer.sign(request, "LTAI,Signature=0", SECRET));
    }

    @Test
    void returnsEveryIntermediate() {
        Acs3Request request = Acs3Request.builder("POST", "/").header("host", "h").build();

        Acs3Signature signature = Acs3Signer.sign(request, "LTAI5tKey", SECRET);

        assertEquals("POST\n/\n\nhost:h\n\nhost\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                signature.canonicalRequest().text());
        assertTrue(signature.stringToSign().matches("ACS3-HMAC-SHA256\n[0-9a-f]{64}"), signature.stringToSign());
        assertTrue(signature.signature().matches("[0-9a-f]{64}"), signature.signature());
        assertEquals("ACS3-HMAC-SHA256 Credential=LTAI5tKey,SignedHeaders=host,Signature=" + signature.signature(),
                signature.authorization());
    }
}
