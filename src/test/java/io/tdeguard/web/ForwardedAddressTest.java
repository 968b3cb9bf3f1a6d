package io.tdeguard.web;

import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;

/**
 * The test client connects from loopback, which this profile trusts as a proxy: the address it forwards is the one
 * RAM's IpAddress conditions test and the audit log records, and its X-Forwarded-Proto https makes the transport secure.
 */
@QuarkusTest
@TestProfile(ForwardedAddressTest.TrustsLoopback.class)
class ForwardedAddressTest {

    public static class TrustsLoopback implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1,::1");
        }
    }

    /** Allows DescribeAuditPublicKey only from 203.0.113.0/24 over a secure transport. */
    static final String OFFICE_ONLY = """
            {"Version":"1","Statement":[{"Effect":"Allow","Action":"tdeguard:DescribeAuditPublicKey","Resource":"*",
              "Condition":{"IpAddress":{"acs:SourceIp":"203.0.113.0/24"},"Bool":{"acs:SecureTransport":"true"}}}]}""";

    /**
     * The host a client signs behind a TLS-terminating proxy: no port. Quarkus rewrites the Host header from a
     * trusted peer's X-Forwarded-Proto (and drops the default port), so the signed host is the one the client used.
     */
    static final String PUBLIC_HOST = "localhost";

    Identity officeUser;

    @BeforeEach
    void user() {
        officeUser = Fixtures.userWithPolicy("office", OFFICE_ONLY);
    }

    @Test
    void theAddressATrustedProxyForwardsIsTheSourceIp() {
        String requestId = SignedClient.call(officeUser, "DescribeAuditPublicKey", Map.of()).forHost(PUBLIC_HOST)
                .afterSigning(headers -> {
                    headers.put("x-forwarded-for", "203.0.113.10");
                    headers.put("x-forwarded-proto", "https");
                }).send().then().statusCode(200).extract().path("RequestId");

        ProxyAssertions.recordedSource(requestId, "203.0.113.10");
    }

    @Test
    void theClientsOwnClaimBeforeTheAddressTheProxyAddedIsIgnored() {
        SignedClient.call(officeUser, "DescribeAuditPublicKey", Map.of()).forHost(PUBLIC_HOST)
                .afterSigning(headers -> {
                    headers.put("x-forwarded-for", "203.0.113.10, 198.51.100.20");
                    headers.put("x-forwarded-proto", "https");
                }).send().then().statusCode(403).body("Code", equalTo("Forbidden.RAM"));
    }

    @Test
    void plainHttpForwardedByTheProxyIsNotASecureTransport() {
        SignedClient.call(officeUser, "DescribeAuditPublicKey", Map.of()).forHost(PUBLIC_HOST)
                .afterSigning(headers -> {
                    headers.put("x-forwarded-for", "203.0.113.10");
                    headers.put("x-forwarded-proto", "http");
                }).send().then().statusCode(403).body("Code", equalTo("Forbidden.RAM"));
    }
}
