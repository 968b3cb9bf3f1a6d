package io.tdeguard.signature;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The request captured from the official Alibaba Java SDK, signed and verified by this package. */
class Acs3KnownAnswerTest {

    private final KnownAnswer known = KnownAnswer.load();

    @Test
    void signsTheOfficialSdkKnownAnswer() {
        Acs3Signature signature = Acs3Signer.sign(known.unsignedRequest(), known.accessKeyId(), known.secret());

        assertAll(
                () -> assertEquals(known.canonicalRequest(), signature.canonicalRequest().text()),
                () -> assertEquals(known.stringToSign(), signature.stringToSign()),
                () -> assertEquals(known.signature(), signature.signature()),
                () -> assertEquals(known.authorization(), signature.authorization()));
    }

    @Test
    void signsTheSdkHeadersOnlyAmongAllHeaders() {
        Acs3Signature signature = Acs3Signer.sign(known.unsignedRequest(), known.accessKeyId(), known.secret());

        assertEquals("host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
                signature.canonicalRequest().signedHeaders(), "user-agent is sent but not signed");
    }

    @Test
    void verifiesTheOfficialSdkKnownAnswerAsReceived() {
        Acs3SignedRequest signed = Acs3Verifier.inspect(known.receivedRequest());

        assertAll(
                () -> assertEquals(known.accessKeyId(), signed.accessKeyId()),
                () -> assertEquals("2026-11-28T16:52:28Z", signed.date()),
                () -> assertEquals("04c79cf963eb90d1d64f9539b81b1565", signed.nonce()),
                () -> assertEquals(List.of("host", "x-acs-action", "x-acs-content-sha256", "x-acs-date",
                        "x-acs-signature-nonce", "x-acs-version"), signed.authorization().signedHeaders()),
                () -> assertDoesNotThrow(() -> Acs3Verifier.verify(signed, known.secret())));
    }

    @Test
    void standardHeadersReproduceTheSdkRequest() {
        Clock sdkClock = Clock.fixed(Instant.parse("2026-11-28T16:52:28.734Z"), ZoneOffset.UTC);
        byte[] body = known.body().getBytes(StandardCharsets.UTF_8);
        Acs3Request request = Acs3Request.builder(known.method(), known.path())
                .queryParameters(Acs3Request.parseRawQuery(known.rawQueryAsSent()))
                .headers(Acs3Headers.standard("ModifyInstanceTDE", "2015-01-01")
                        .host("127.0.0.1:18089")
                        .clock(sdkClock)
                        .nonce(() -> "04c79cf963eb90d1d64f9539b81b1565")
                        .build(body))
                .body(body)
                .build();

        assertEquals(known.authorization(), Acs3Signer.sign(request, known.accessKeyId(), known.secret()).authorization());
    }
}
