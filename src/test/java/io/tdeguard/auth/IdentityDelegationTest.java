package io.tdeguard.auth;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;

/** A delegated right to manage some users' policies does not reach policies it does not name. */
@QuarkusTest
class IdentityDelegationTest {

    @Test
    void aDelegatedAttachRightCannotHandOutAPolicyItDoesNotName() {
        String teamPolicy = Fixtures.unique("team-read");
        Fixtures.admin("CreatePolicy", Map.of("PolicyName", teamPolicy, "PolicyDocument",
                "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kvstore:Describe*\",\"Resource\":\"*\"}]}"))
                .then().statusCode(200);
        Identity lead = Fixtures.userWithPolicy("team-lead", """
                {"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:AttachPolicyToUser",
                  "Resource":["acs:ram::*:user/team-*","acs:ram::*:policy/%s"]}]}""".formatted(teamPolicy));

        SignedClient.call(lead, "AttachPolicyToUser", Map.of("PolicyName", "AdministratorAccess", "UserName", lead.userName()))
                .send().then().statusCode(403).body("Code", equalTo("Forbidden.RAM"))
                .body("AccessDeniedDetail.AuthResource", equalTo("acs:ram::1234567890123456:policy/AdministratorAccess"));
        SignedClient.call(lead, "CreateUser", Map.of("UserName", Fixtures.unique("escalated"))).send().then()
                .statusCode(403).body("Code", equalTo("Forbidden.RAM"));

        SignedClient.call(lead, "AttachPolicyToUser", Map.of("PolicyName", teamPolicy, "UserName", lead.userName()))
                .send().then().statusCode(200);
    }

    @Test
    void namesOfTdeGuardsOwnIdentitiesAreReserved() {
        for (String name : List.of("tdeguard-reconciler", "TDEGUARD-sequencer", "tdeguard-")) {
            SignedClient.call(Identity.ADMIN, "CreateUser", Map.of("UserName", name)).send().then()
                    .statusCode(400).body("Code", equalTo("InvalidParameter"))
                    .body("Message", containsString("UserName")).body("Message", containsString("reserved"));
            SignedClient.call(Identity.ADMIN, "CreateGroup", Map.of("GroupName", name)).send().then()
                    .statusCode(400).body("Code", equalTo("InvalidParameter"))
                    .body("Message", containsString("GroupName")).body("Message", containsString("reserved"));
        }
    }

    @Test
    void addingAUserToAGroupNeedsTheRightOnTheUserToo() {
        String group = Fixtures.unique("admins");
        Fixtures.admin("CreateGroup", Map.of("GroupName", group)).then().statusCode(200);
        Identity groupKeeper = Fixtures.userWithPolicy("group-keeper", """
                {"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:AddUserToGroup","Resource":"acs:ram::*:group/*"}]}""");

        SignedClient.call(groupKeeper, "AddUserToGroup", Map.of("UserName", groupKeeper.userName(), "GroupName", group))
                .send().then().statusCode(403).body("Code", equalTo("Forbidden.RAM"));
    }
}
