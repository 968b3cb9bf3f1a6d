package io.tdeguard.audit;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;

/**
 * A generated corpus of hostile values sent to every function by a user without permissions: each attempt is refused,
 * leaves exactly one event, and the log verifies afterwards.
 */
@QuarkusTest
class HostileCorpusTest {

    static final List<String> FUNCTIONS = List.of("ModifyInstanceTDE", "DescribeInstanceTDEStatus", "CreateApproval",
            "ApproveApproval", "RejectApproval", "RevokeApproval", "CancelApproval", "DescribeApproval", "LookupEvents",
            "VerifyAuditTrail", "CreateAuditCheckpoint", "DescribeAuditPublicKey", "ReconcileInDoubtChanges",
            "GetAuditCheckpoint", "GetAuditInclusionProof", "GetAuditConsistencyProof", "SimulatePolicy", "CreateUser",
            "CreateGroup", "CreateAccessKey", "DeleteAccessKey", "CreatePolicy", "AttachPolicyToUser",
            "AttachPolicyToGroup", "DetachPolicyFromUser", "DetachPolicyFromGroup", "AddUserToGroup",
            "RemoveUserFromGroup");

    /** Writes every non-ASCII character as a JSON escape, so lone surrogates arrive as the escapes a client sends. */
    private static final ObjectMapper ESCAPING = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    @Test
    void everyHostileAttemptOnEveryFunctionLeavesExactlyOneEventAndTheLogVerifies() throws Exception {
        Identity nobody = Fixtures.userWithPolicy("nobody", null);
        Identity auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);
        Random random = new Random(20261130);
        for (String function : FUNCTIONS) {
            for (int i = 0; i < 3; i++) {
                Response refused = SignedClient.callWithJson(nobody, function,
                        ESCAPING.writeValueAsString(hostile(random, i == 2))).send();
                assertEquals(4, refused.statusCode() / 100, function + ": " + refused.asString());
                Response found = SignedClient.call(auditor, "LookupEvents",
                        Fixtures.recent(Map.of("RequestId", refused.path("RequestId")))).send();
                found.then().statusCode(200);
                List<Map<String, Object>> events = found.path("Events");
                assertEquals(1, events.size(), function + " left " + events.size() + " events for " + refused.asString());
            }
        }
        SignedClient.call(Identity.ADMIN, "CreateAuditCheckpoint", Map.of()).send().then().statusCode(200);
        SignedClient.call(Identity.ADMIN, "VerifyAuditTrail", Map.of()).send().then().statusCode(200)
                .body("Verified", equalTo(true));
    }

    /**
     * Members a careless or hostile client might send: NUL and control characters, lone surrogates in values (and, when
     * asked, in a name: then the body is refused as unreadable before the members are bound), huge numbers, long
     * names and values.
     */
    private static Map<String, Object> hostile(Random random, boolean loneSurrogateInAName) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("InstanceId", "r-" + "\u0000\u0007\ud800".repeat(1 + random.nextInt(2000)));
        members.put("Comment\u0000" + random.nextInt(), "\udc00" + "x".repeat(random.nextInt(5000)));
        members.put("Big", BigInteger.TWO.pow(60 + random.nextInt(40)));
        members.put("Deep", Map.of(loneSurrogateInAName ? "\ud83d" : "\ud83d\ude00",
                List.of(Long.MAX_VALUE, -0.0, 1e308, "\u0000", "\ud83d")));
        members.put("K".repeat(1 + random.nextInt(3000)), random.nextBoolean());
        return members;
    }
}
