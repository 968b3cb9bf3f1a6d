package io.tdeguard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

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

    private static RequestFacts facts(Map<String, String> headers) {
        return new RequestFacts("REQ", "ModifyInstanceTDE", "POST", "/ModifyInstanceTDE", "", headers, new byte[0],
                "127.0.0.1", false, "test", Instant.now());
    }
}
