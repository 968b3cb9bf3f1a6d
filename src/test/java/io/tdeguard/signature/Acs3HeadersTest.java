package io.tdeguard.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.Test;

class Acs3HeadersTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T16:52:28.999Z"), ZoneId.of("Asia/Shanghai"));

    @Test
    void buildsTheSdkStandardHeaders() {
        Map<String, String> headers = Acs3Headers.standard("CreateApproval", "2015-01-01")
                .host("localhost:8080")
                .contentType("application/json")
                .clock(CLOCK)
                .nonce(() -> "00112233445566778899aabbccddeeff")
                .build("{}".getBytes(StandardCharsets.UTF_8));

        assertEquals(Map.of(
                "host", "localhost:8080",
                "content-type", "application/json",
                "x-acs-action", "CreateApproval",
                "x-acs-version", "2015-01-01",
                "x-acs-date", "2026-11-28T16:52:28Z",
                "x-acs-signature-nonce", "00112233445566778899aabbccddeeff",
                "x-acs-content-sha256", "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"), headers);
    }

    @Test
    void addsTheSecurityTokenWhichIsThenSigned() {
        Map<String, String> headers = Acs3Headers.standard("CreateApproval", "2015-01-01")
                .host("h")
                .securityToken("CAIS-token")
                .build(new byte[0]);
        Acs3Request request = Acs3Request.builder("POST", "/").headers(headers).build();

        assertEquals("CAIS-token", headers.get("x-acs-security-token"));
        assertTrue(Acs3Signer.signedHeaderNames(request).contains("x-acs-security-token"));
    }

    @Test
    void formatsTheDateInUtcToTheSecond() {
        assertEquals("2026-01-02T03:04:05Z", Acs3Headers.formatDate(Instant.parse("2026-01-02T03:04:05.999999Z")));
    }

    @Test
    void makesRandomNoncesOf32LowerCaseHexCharacters() {
        String nonce = Acs3Headers.randomNonce();

        assertTrue(nonce.matches("[0-9a-f]{32}"), nonce);
        assertNotEquals(nonce, Acs3Headers.randomNonce());
    }
}
