package io.tdeguard.application.tde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.tdeguard.api.ApiException;
import io.tdeguard.kvstore.TdeApiException;
import io.tdeguard.kvstore.TdeApiException.Certainty;

/** A backend failure reaches the caller in a namespace of its own, with a fixed message. */
class BackendErrorsTest {

    private static final String LEAKY = "could not connect to r-kvstore.vpc-internal.example:443: PKIX path building "
            + "failed: sun.security.provider.certpath.SunCertPathBuilderException";

    @ParameterizedTest
    @CsvSource({
            "InvalidAccessKeyId.NotFound, 404, Backend.Unauthorized, 502",
            "InvalidAccessKeyId.Inactive, 400, Backend.Unauthorized, 502",
            "SignatureDoesNotMatch, 400, Backend.Unauthorized, 502",
            "InvalidSecurityToken.Expired, 400, Backend.Unauthorized, 502",
            "Forbidden.RAM, 403, Backend.Unauthorized, 502",
            "SDK.ServerUnreachable, 503, Backend.Unavailable, 503",
            "SDK.InvalidResponse, 502, Backend.Unavailable, 503",
            "Throttling.User, 400, Backend.Unavailable, 503",
            "InternalError, 500, Backend.Unavailable, 503",
            "ServiceUnavailable, 503, Backend.Unavailable, 503",
            "SomeNewBusinessRule, 400, Backend.Refused, 400",
            "TaskExists, 400, TaskExists, 400",
            "InvalidInstanceId.NotFound, 404, InvalidInstanceId.NotFound, 404",
            "IncorrectEngineVersion, 400, IncorrectEngineVersion, 400",
            "InvalidEncryptionKey.NotFound, 400, InvalidEncryptionKey.NotFound, 400"})
    void mapsEachKindOfFailureToItsOwnCodeWithAFixedMessage(String backendCode, int backendStatus, String code,
            int status) {
        ApiException error = BackendErrors.toCallerError(new TdeApiException(backendCode, backendStatus, LEAKY,
                "BACKEND-REQ", Certainty.REJECTED, new RuntimeException(LEAKY)));

        assertEquals(code, error.code());
        assertEquals(status, error.httpStatus());
        assertFalse(error.getMessage().contains("vpc-internal"), error.getMessage());
        assertFalse(error.getMessage().contains("PKIX"), error.getMessage());
        assertFalse(error.getMessage().contains(backendCode) && code.startsWith("Backend."), error.getMessage());
    }

    @Test
    void theAuditDetailKeepsEverythingTheBackendSaid() {
        var detail = BackendErrors.auditDetail(new TdeApiException("InvalidAccessKeyId.NotFound", 404, LEAKY,
                "BACKEND-REQ", Certainty.REJECTED, null));

        assertEquals("InvalidAccessKeyId.NotFound", detail.get("BackendErrorCode"));
        assertEquals(LEAKY, detail.get("BackendErrorMessage"));
        assertEquals("BACKEND-REQ", detail.get("BackendRequestId"));
        assertEquals(404, detail.get("BackendHttpStatus"));
    }
}
