package io.tdeguard.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;

/** Each way a request fails ACS3-HMAC-SHA256 authentication, refused with Alibaba's code and status, and audited. */
@QuarkusTest
class AuthenticationTest {

    static final Map<String, String> BODY = Map.of("UserName", "nobody");

    @Test
    void acceptsARequestSignedLikeTheOfficialSdk() {
        SignedClient.call(Identity.ADMIN, "CreateGroup", Map.of("GroupName", Fixtures.unique("group"))).send().then()
                .statusCode(200).body("RequestId", notNullValue()).body("Group.GroupName", notNullValue());
    }

    @Test
    void refusesAnUnsignedRequest() {
        Response response = given().contentType("application/json").body("{}").post("/CreateUser");
        refused(response, 400, "IncompleteSignature");
    }

    @Test
    void refusesAnUnknownAccessKey() {
        Identity stranger = new Identity("stranger", "LTAIunknownKey000000001", "whatever-secret");
        refused(SignedClient.call(stranger, "CreateUser", BODY).send(), 404, "InvalidAccessKeyId.NotFound");
    }

    @Test
    void refusesASignatureMadeWithAnotherSecret() {
        Identity forger = new Identity("admin", Identity.ADMIN.accessKeyId(), "not-the-admin-secret");
        refused(SignedClient.call(forger, "CreateUser", BODY).send(), 400, "SignatureDoesNotMatch");
    }

    @Test
    void refusesABodyChangedAfterSigning() {
        Response response = SignedClient.call(Identity.ADMIN, "CreateUser", BODY)
                .sendingBody("{\"UserName\":\"intruder\"}").send();
        refused(response, 400, "SignatureDoesNotMatch");
    }

    @Test
    void refusesASignedHeaderChangedAfterSigning() {
        Response response = SignedClient.call(Identity.ADMIN, "CreateUser", BODY)
                .afterSigning(headers -> headers.put("x-acs-version", "2099-01-01")).send();
        refused(response, 400, "SignatureDoesNotMatch");
    }

    @Test
    void refusesASignatureThatLeavesTheDateUnsigned() {
        Response response = SignedClient.call(Identity.ADMIN, "CreateUser", BODY)
                .afterSigning(headers -> headers.put("authorization", headers.get("authorization").replace("x-acs-date;", "")))
                .send();
        refused(response, 400, "IncompleteSignature");
    }

    @Test
    void refusesAMissingSignedHeader() {
        Response response = SignedClient.call(Identity.ADMIN, "CreateUser", BODY)
                .afterSigning(headers -> headers.remove("x-acs-signature-nonce")).send();
        refused(response, 400, "IncompleteSignature");
    }

    @Test
    void refusesADateMoreThanFifteenMinutesOff() {
        Response late = SignedClient.call(Identity.ADMIN, "CreateUser", BODY)
                .at(Instant.now().minus(Duration.ofMinutes(16))).send();
        refused(late, 400, "InvalidTimeStamp.Expired");
        Response early = SignedClient.call(Identity.ADMIN, "CreateUser", BODY)
                .at(Instant.now().plus(Duration.ofMinutes(16))).send();
        refused(early, 400, "InvalidTimeStamp.Expired");
    }

    @Test
    void refusesAReplayedNonce() {
        String group = Fixtures.unique("group");
        SignedClient.Call first = SignedClient.call(Identity.ADMIN, "CreateGroup", Map.of("GroupName", group));
        first.send().then().statusCode(200);
        Response replay = SignedClient.call(Identity.ADMIN, "CreateGroup", Map.of("GroupName", Fixtures.unique("group")))
                .withNonce(first.nonce()).send();
        refused(replay, 400, "SignatureNonceUsed");
    }

    @Test
    void refusesAndRecordsAValidlySignedRequestWithAnUnstorableNonce() {
        Response longNonce = SignedClient.call(Identity.ADMIN, "CreateGroup", Map.of("GroupName", Fixtures.unique("g")))
                .withNonce("n".repeat(6_000)).send();
        refused(longNonce, 400, "IncompleteSignature");
        Response page = SignedClient.call(Identity.ADMIN, "LookupEvents",
                Fixtures.recent(Map.of("RequestId", longNonce.path("RequestId")))).send();
        page.then().statusCode(200).body("Events", hasSize(1)).body("Events[0].errorCode", equalTo("IncompleteSignature"));
    }

    @Test
    void recordsAnUnsignedRpcCallWhoseActionHoldsANul() {
        Response refused = given().urlEncodingEnabled(false).get("/?Action=Create%00Instance&InstanceId=r-x");
        refused.then().statusCode(400);
        Response page = SignedClient.call(Identity.ADMIN, "LookupEvents",
                Fixtures.recent(Map.of("RequestId", refused.path("RequestId")))).send();
        page.then().statusCode(200).body("Events", hasSize(1)).body("Events[0].eventName", equalTo("Create\uFFFDInstance"));
    }

    @Test
    void refusesASignatureForAnotherFunction() {
        Response response = SignedClient.call(Identity.ADMIN, "CreateGroup", Map.of("GroupName", Fixtures.unique("g")))
                .toPath("/CreateUser").send();
        refused(response, 400, "InvalidParameter");
    }

    @Test
    void auditsEveryRefusal() {
        Identity stranger = new Identity("stranger", "LTAIauditedStranger0001", "whatever-secret");
        Response refusal = SignedClient.call(stranger, "CreateUser", BODY).send();
        Identity auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);
        Response trail = SignedClient.call(auditor, "LookupEvents",
                Fixtures.recent(Map.of("EventName", "CreateUser", "Outcome", "Denied"))).send();
        trail.then().statusCode(200);
        List<Map<String, Object>> events = trail.path("Events");
        Map<String, Object> event = events.stream()
                .filter(e -> refusal.path("RequestId").equals(e.get("requestId"))).findFirst().orElseThrow();
        org.junit.jupiter.api.Assertions.assertEquals("InvalidAccessKeyId.NotFound", event.get("errorCode"));
        org.junit.jupiter.api.Assertions.assertEquals(
                Map.of("type", "unauthenticated", "accessKeyId", "LTAIauditedStranger0001"), event.get("userIdentity"));
    }

    /** An Alibaba-shaped error: RequestId, Code, Message; never a Java exception's text. */
    static void refused(Response response, int status, String code) {
        response.then().statusCode(status)
                .body("Code", equalTo(code))
                .body("RequestId", equalTo(response.header("x-acs-request-id")))
                .body("Message", notNullValue())
                .body("Message", not(containsString("Exception")))
                .body("Message", not(containsString("test-admin-secret")));
    }
}
