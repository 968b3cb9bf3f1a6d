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
 * Forwarding is on, but the trusted proxies exclude loopback, where the test client connects from: whatever it
 * forwards, X-Forwarded-For or Forwarded, its own address is the source, and the transport stays plain HTTP.
 */
@QuarkusTest
@TestProfile(UntrustedProxyTest.TrustsAnotherRange.class)
class UntrustedProxyTest {

    public static class TrustsAnotherRange implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-forwarded", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "10.0.0.0/8");
        }
    }

    Identity officeUser;

    @BeforeEach
    void user() {
        officeUser = Fixtures.userWithPolicy("office", ForwardedAddressTest.OFFICE_ONLY);
    }

    @Test
    void aSpoofedXForwardedForFromAnUntrustedPeerIsIgnored() {
        String requestId = SignedClient.call(officeUser, "DescribeAuditPublicKey", Map.of())
                .afterSigning(headers -> {
                    headers.put("x-forwarded-for", "203.0.113.10");
                    headers.put("x-forwarded-proto", "https");
                }).send().then().statusCode(403).body("Code", equalTo("Forbidden.RAM")).extract().path("RequestId");

        ProxyAssertions.recordedSource(requestId, "127.0.0.1");
    }

    @Test
    void aSpoofedForwardedFromAnUntrustedPeerIsIgnored() {
        String requestId = SignedClient.call(officeUser, "DescribeAuditPublicKey", Map.of())
                .afterSigning(headers -> headers.put("forwarded", "for=203.0.113.10;proto=https"))
                .send().then().statusCode(403).body("Code", equalTo("Forbidden.RAM")).extract().path("RequestId");

        ProxyAssertions.recordedSource(requestId, "127.0.0.1");
    }
}
