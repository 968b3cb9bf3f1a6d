package io.tdeguard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.tdeguard.api.ApiException;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.kvstore.openapi.OutboundCredentials;

/** Function Compute's x-fc-* credential headers, read into the credentials of outbound calls. */
class FunctionComputeCredentialsTest {

    @Test
    void readsTheRolesStsCredentialsFromTheHeaders() {
        OutboundCredentials credentials = FunctionComputeCredentials.of(facts(Map.of("x-fc-access-key-id", " STS.fcKey ",
                "x-fc-access-key-secret", "fc-secret", "x-fc-security-token", "fc-token"))).orElseThrow();

        assertEquals("STS.fcKey", credentials.accessKeyId());
        assertEquals("fc-token", credentials.securityToken());
        assertEquals("fc-secret", credentials.secret().reveal());
    }

    @Test
    void aBlankTokenIsNoToken() {
        assertNull(FunctionComputeCredentials.of(facts(Map.of("x-fc-access-key-id", "STS.fcKey",
                "x-fc-access-key-secret", "fc-secret", "x-fc-security-token", " "))).orElseThrow().securityToken());
    }

    @Test
    void anIdWithoutASecretIsNoCredentials() {
        assertTrue(FunctionComputeCredentials.of(facts(Map.of("x-fc-access-key-id", "STS.fcKey"))).isEmpty());
        assertTrue(FunctionComputeCredentials.of(facts(Map.of("x-fc-access-key-secret", "fc-secret"))).isEmpty());
        assertTrue(FunctionComputeCredentials.of(facts(Map.of())).isEmpty());
    }

    @Test
    void offFunctionComputeTheHeadersAreIgnored() {
        FunctionComputeRuntime elsewhere = new FunctionComputeRuntime(Optional.empty(), Optional.empty(), Optional.empty());
        assertFalse(elsewhere.present());
        assertTrue(new FunctionComputeCredentials(null, elsewhere).current().isEmpty(),
                "x-fc-* headers of any caller must not sign outbound calls off Function Compute");
    }

    @Test
    void functionComputeIsDetectedFromItsEnvironment() {
        assertTrue(new FunctionComputeRuntime(Optional.of("tde-guard"), Optional.of("cn-hangzhou"),
                Optional.of("1234567890123456")).present());
        assertFalse(new FunctionComputeRuntime(Optional.of("tde-guard"), Optional.empty(), Optional.of("1")).present());
    }

    @Test
    void aRepeatedCredentialHeaderIsRefusedAndNeverUsed() {
        ApiException refused = assertThrows(ApiException.class,
                () -> FunctionComputeCredentials.refuseRepeated(Set.of("x-fc-security-token"), "REQ"));
        assertEquals("InvalidParameter", refused.code());
        assertEquals(400, refused.httpStatus());
        FunctionComputeCredentials.refuseRepeated(Set.of("accept"), "REQ");
        RequestFacts repeated = new RequestFacts("REQ", "ModifyInstanceTDE", "POST", "/ModifyInstanceTDE", "",
                Map.of("x-fc-access-key-id", "STS.first", "x-fc-access-key-secret", "fc-secret"), new byte[0],
                "127.0.0.1", false, "test", Instant.now(), Set.of("x-fc-access-key-id"), null);
        assertTrue(FunctionComputeCredentials.of(repeated).isEmpty());
    }

    private static RequestFacts facts(Map<String, String> headers) {
        return new RequestFacts("REQ", "ModifyInstanceTDE", "POST", "/ModifyInstanceTDE", "", headers, new byte[0],
                "127.0.0.1", false, "test", Instant.now());
    }
}
