package io.tdeguard.auth;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;

/**
 * A deployment bound to its hosts ({@code tdeguard.auth.accepted-hosts}) refuses a request signed for another one,
 * which the same AccessKey could otherwise replay here within the 15-minute window.
 */
@QuarkusTest
@TestProfile(HostBindingTest.BoundToItsHosts.class)
class HostBindingTest {

    public static class BoundToItsHosts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tdeguard.auth.accepted-hosts", "guard.example.com,guard-internal.example.com:9000");
        }
    }

    @Test
    void acceptsARequestSignedForOneOfItsHosts() {
        SignedClient.call(Identity.ADMIN, "CreateGroup", Map.of("GroupName", Fixtures.unique("group")))
                .forHost("guard.example.com").send().then().statusCode(200);
        SignedClient.call(Identity.ADMIN, "CreateGroup", Map.of("GroupName", Fixtures.unique("group")))
                .forHost("guard-internal.example.com:9000").send().then().statusCode(200);
    }

    @Test
    void refusesARequestSignedForAnotherDeployment() {
        SignedClient.call(Identity.ADMIN, "CreateGroup", Map.of("GroupName", Fixtures.unique("group")))
                .forHost("staging.example.com").send().then().statusCode(400)
                .body("Code", equalTo("SignatureDoesNotMatch"))
                .body("Message", containsString("tdeguard.auth.accepted-hosts"))
                .body("Message", containsString("staging.example.com"));
        SignedClient.call(Identity.ADMIN, "CreateGroup", Map.of("GroupName", Fixtures.unique("group")))
                .forHost("guard-internal.example.com:9001").send().then().statusCode(400)
                .body("Code", equalTo("SignatureDoesNotMatch"));
    }
}
