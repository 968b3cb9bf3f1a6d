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

import jakarta.inject.Inject;

import javax.sql.DataSource;

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

    @Inject
    DataSource dataSource;

    @Inject
    Authenticator authenticator;

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
    void refusesAReplayOfARefusedRequest() {
        // The refusal's record spends the nonce, as the admitted call's does.
        Identity nobody = Fixtures.userWithPolicy("nobody", Fixtures.AUDITOR_POLICY);
        SignedClient.Call first = SignedClient.call(nobody, "CreateGroup", Map.of("GroupName", Fixtures.unique("g")));
        refused(first.send(), 403, "Forbidden.RAM");
        Response replay = SignedClient.call(nobody, "CreateGroup", Map.of("GroupName", Fixtures.unique("g")))
                .withNonce(first.nonce()).send();
        refused(replay, 400, "SignatureNonceUsed");
        Response page = SignedClient.call(Identity.ADMIN, "LookupEvents",
                Fixtures.recent(Map.of("RequestId", replay.path("RequestId")))).send();
        page.then().statusCode(200).body("Events", hasSize(1))
                .body("Events[0].errorCode", equalTo("SignatureNonceUsed"))
                .body("Events[0].userIdentity.type", equalTo("unauthenticated"));
    }

    @Test
    void refusesAReplayOfARequestForAnActionNotServed() {
        // Refused after authentication without any function: its nonce is spent all the same.
        SignedClient.Call first = SignedClient.call(Identity.ADMIN, "DeleteInstance", Map.of()).toPath("/");
        Response refusal = first.send();
        refusal.then().statusCode(404).body("Code", equalTo("InvalidAction.NotFound"));
        Response replay = SignedClient.call(Identity.ADMIN, "DeleteInstance", Map.of()).toPath("/")
                .withNonce(first.nonce()).send();
        refused(replay, 400, "SignatureNonceUsed");
    }

    @Test
    void admitsOneOfConcurrentReplays() throws Exception {
        String nonce = java.util.UUID.randomUUID().toString().replace("-", "");
        List<java.util.concurrent.Callable<Integer>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(() -> SignedClient.call(Identity.ADMIN, "CreateGroup", Map.of("GroupName", Fixtures.unique("g")))
                    .withNonce(nonce).send().statusCode());
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(calls.size());
        try {
            List<Integer> statuses = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Integer> status : pool.invokeAll(calls)) {
                statuses.add(status.get());
            }
            org.junit.jupiter.api.Assertions.assertEquals(1, statuses.stream().filter(s -> s == 200).count(),
                    "one call admitted: " + statuses);
            org.junit.jupiter.api.Assertions.assertEquals(calls.size() - 1,
                    statuses.stream().filter(s -> s == 400).count(), "the others refused: " + statuses);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void takesOverANonceWhoseWindowHasPassedAndForgetsExpiredOnes() throws Exception {
        String expired = Fixtures.unique("expired-nonce");
        String live = Fixtures.unique("live-nonce");
        try (java.sql.Connection connection = dataSource.getConnection();
                java.sql.PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO signature_nonce (nonce, access_key_id, expires_at) VALUES (?, ?, ?)")) {
            insert.setString(1, expired);
            insert.setString(2, Identity.ADMIN.accessKeyId());
            insert.setTimestamp(3, java.sql.Timestamp.from(Instant.now().minusSeconds(1)));
            insert.executeUpdate();
            insert.setString(1, live);
            insert.setTimestamp(3, java.sql.Timestamp.from(Instant.now().plusSeconds(600)));
            insert.executeUpdate();
        }
        SignedClient.call(Identity.ADMIN, "CreateGroup", Map.of("GroupName", Fixtures.unique("g"))).withNonce(expired)
                .send().then().statusCode(200);
        refused(SignedClient.call(Identity.ADMIN, "CreateGroup", Map.of("GroupName", Fixtures.unique("g")))
                .withNonce(live).send(), 400, "SignatureNonceUsed");
        org.junit.jupiter.api.Assertions.assertTrue(nonceExpiry(expired).isAfter(Instant.now()),
                "the expired row was taken over by the admitted call");

        try (java.sql.Connection connection = dataSource.getConnection();
                java.sql.PreparedStatement expire = connection.prepareStatement(
                        "UPDATE signature_nonce SET expires_at = ? WHERE nonce = ?")) {
            expire.setTimestamp(1, java.sql.Timestamp.from(
                    Instant.now().minus(Authenticator.KEPT_AFTER_EXPIRY).minusSeconds(1)));
            expire.setString(2, expired);
            expire.executeUpdate();
        }
        authenticator.forgetExpiredNonces();
        org.junit.jupiter.api.Assertions.assertNull(nonceExpiry(expired), "an expired nonce is forgotten");
        org.junit.jupiter.api.Assertions.assertNotNull(nonceExpiry(live), "a live one is kept");
    }

    @Test
    void spendsNoncesPerAccessKey() {
        // Another caller who sees or guesses this one's nonces cannot make its calls fail by spending them first.
        Identity other = Fixtures.userWithPolicy("other", Fixtures.AUDITOR_POLICY);
        SignedClient.Call first = SignedClient.call(other, "LookupEvents", Fixtures.recent(Map.of()));
        first.send().then().statusCode(200);
        SignedClient.call(Identity.ADMIN, "CreateGroup", Map.of("GroupName", Fixtures.unique("g")))
                .withNonce(first.nonce()).send().then().statusCode(200);
    }

    private Instant nonceExpiry(String nonce) throws java.sql.SQLException {
        try (java.sql.Connection connection = dataSource.getConnection();
                java.sql.PreparedStatement query = connection.prepareStatement(
                        "SELECT expires_at FROM signature_nonce WHERE nonce = ? AND access_key_id = ?")) {
            query.setString(1, nonce);
            query.setString(2, Identity.ADMIN.accessKeyId());
            try (java.sql.ResultSet row = query.executeQuery()) {
                return row.next() ? row.getTimestamp(1).toInstant() : null;
            }
        }
    }

    @Test
    void recordsAFailureOfTheNonceStore() throws Exception {
        Response failed;
        try (java.sql.Connection connection = dataSource.getConnection();
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE signature_nonce RENAME TO signature_nonce_away");
            try {
                failed = SignedClient.call(Identity.ADMIN, "CreateGroup", Map.of("GroupName", Fixtures.unique("g")))
                        .send();
            } finally {
                statement.execute("ALTER TABLE signature_nonce_away RENAME TO signature_nonce");
            }
        }
        refused(failed, 500, "InternalError");
        Response page = SignedClient.call(Identity.ADMIN, "LookupEvents",
                Fixtures.recent(Map.of("RequestId", failed.path("RequestId")))).send();
        page.then().statusCode(200).body("Events", hasSize(1))
                .body("Events[0].outcome", equalTo("Failed"))
                .body("Events[0].errorCode", equalTo("InternalError"))
                .body("Events[0].userIdentity.accessKeyId", equalTo(Identity.ADMIN.accessKeyId()));
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
