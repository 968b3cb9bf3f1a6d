package io.tdeguard.signature;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Verification beyond the known answer and its mutations. */
class Acs3VerifierTest {

    private static final AccessKeySecret SECRET = AccessKeySecret.of("testSecret0123456789abcdefABCDEF");
    private static final byte[] BODY = "{\"InstanceId\":\"r-1\"}".getBytes(StandardCharsets.UTF_8);

    private static Acs3Request.Builder unsigned(Acs3Headers.Standard headers) {
        return Acs3Request.builder("POST", "/CreateApproval")
                .headers(headers.host("localhost:8080")
                        .contentType("application/json")
                        .clock(Clock.fixed(Instant.parse("2026-11-28T16:52:28Z"), ZoneOffset.UTC))
                        .build(BODY))
                .body(BODY);
    }

    private static Acs3Request signed(Acs3Request.Builder unsigned) {
        Acs3Request request = unsigned.build();
        return request.toBuilder()
                .header("Authorization", Acs3Signer.sign(request, "LTAI5tKey", SECRET).authorization())
                .build();
    }

    @Test
    void verifiesAJsonBodyWithContentType() {
        Acs3Request request = signed(unsigned(Acs3Headers.standard("CreateApproval", "2015-01-01")));

        assertDoesNotThrow(() -> Acs3Verifier.verify(Acs3Verifier.inspect(request), SECRET));
    }

    @Test
    void exposesTheSecurityTokenItVerified() {
        Acs3Request request = signed(unsigned(Acs3Headers.standard("CreateApproval", "2015-01-01")
                .securityToken("CAIS-token")));

        Acs3SignedRequest signed = Acs3Verifier.inspect(request);

        assertEquals(Optional.of("CAIS-token"), signed.securityToken());
        assertDoesNotThrow(() -> Acs3Verifier.verify(signed, SECRET));
    }

    @Test
    void refusesAChangedSecurityToken() {
        Acs3Request request = signed(unsigned(Acs3Headers.standard("CreateApproval", "2015-01-01")
                .securityToken("CAIS-token")));
        Acs3Request changed = request.toBuilder()
                .removeHeader("x-acs-security-token").header("x-acs-security-token", "CAIS-other")
                .build();

        SignatureException failure = assertThrows(SignatureException.class,
                () -> Acs3Verifier.verify(Acs3Verifier.inspect(changed), SECRET));
        assertEquals(SignatureException.Kind.SIGNATURE_DOES_NOT_MATCH, failure.kind());
    }

    @Test
    void toleratesWhitespaceAroundSignedHeaderValues() {
        Acs3Request request = signed(unsigned(Acs3Headers.standard("CreateApproval", "2015-01-01")));
        Acs3Request padded = request.toBuilder()
                .removeHeader("x-acs-action").header("x-acs-action", "  CreateApproval\t")
                .removeHeader("x-acs-content-sha256")
                .header("x-acs-content-sha256", " " + Acs3CanonicalRequest.sha256Hex(BODY) + " ")
                .build();

        assertDoesNotThrow(() -> Acs3Verifier.verify(Acs3Verifier.inspect(padded), SECRET));
    }

    @Test
    void refusesAContentTypeChangedAfterSigning() {
        Acs3Request request = signed(unsigned(Acs3Headers.standard("CreateApproval", "2015-01-01")));
        Acs3Request changed = request.toBuilder()
                .removeHeader("content-type").header("content-type", "text/plain")
                .build();

        assertThrows(SignatureException.class, () -> Acs3Verifier.verify(Acs3Verifier.inspect(changed), SECRET));
    }

    @Test
    void mapsFailuresToAlibabaCodesAndStatuses() {
        assertEquals("IncompleteSignature", SignatureException.Kind.INCOMPLETE_SIGNATURE.code());
        assertEquals("SignatureDoesNotMatch", SignatureException.Kind.SIGNATURE_DOES_NOT_MATCH.code());
        assertEquals(400, SignatureException.Kind.INCOMPLETE_SIGNATURE.httpStatus());
        assertEquals(400, SignatureException.Kind.SIGNATURE_DOES_NOT_MATCH.httpStatus());
    }
}
