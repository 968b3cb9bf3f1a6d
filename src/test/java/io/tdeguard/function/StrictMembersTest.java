package io.tdeguard.function;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;

/**
 * Every function refuses, by name, a member it does not take, a member in the wrong case and a value of the wrong
 * JSON type; none is ignored or coerced. Called by the administrator, so that only the members decide.
 */
@QuarkusTest
class StrictMembersTest {

    /** Each function with one member it takes and a value of the wrong JSON type for it (null: it takes none). */
    static Stream<Arguments> functions() {
        return Stream.of(
                Arguments.of("ModifyInstanceTDE", "InstanceId", 5),
                Arguments.of("DescribeInstanceTDEStatus", "InstanceId", 5),
                Arguments.of("CreateApproval", "ExpiresInSeconds", "3600"),
                Arguments.of("ApproveApproval", "ApprovalId", 5),
                Arguments.of("RejectApproval", "Comment", List.of("no")),
                Arguments.of("RevokeApproval", "ApprovalId", true),
                Arguments.of("CancelApproval", "ApprovalId", Map.of()),
                Arguments.of("DescribeApproval", "ApprovalId", 5),
                Arguments.of("LookupEvents", "MaxResults", "50"),
                Arguments.of("VerifyAuditTrail", "TreeSize", "1"),
                Arguments.of("ExportAuditTrail", "TreeSize", "1"),
                Arguments.of("CreateAuditCheckpoint", null, null),
                Arguments.of("DescribeAuditPublicKey", null, null),
                Arguments.of("ReconcileInDoubtChanges", null, null),
                Arguments.of("GetAuditCheckpoint", "TreeSize", "1"),
                Arguments.of("GetAuditInclusionProof", "LeafIndex", "0"),
                Arguments.of("GetAuditConsistencyProof", "FirstTreeSize", true),
                Arguments.of("SimulatePolicy", "PolicyDocuments", "{\"Version\":\"1\"}"),
                Arguments.of("CreateUser", "UserName", 5),
                Arguments.of("CreateGroup", "GroupName", 5),
                Arguments.of("CreateAccessKey", "UserName", 5),
                Arguments.of("DeleteAccessKey", "UserAccessKeyId", 5),
                Arguments.of("CreatePolicy", "PolicyDocument", Map.of("Version", "1")),
                Arguments.of("AttachPolicyToUser", "PolicyName", 5),
                Arguments.of("AttachPolicyToGroup", "GroupName", 5),
                Arguments.of("DetachPolicyFromUser", "UserName", 5),
                Arguments.of("DetachPolicyFromGroup", "PolicyName", 5),
                Arguments.of("AddUserToGroup", "GroupName", 5),
                Arguments.of("RemoveUserFromGroup", "UserName", 5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void refusesAMisspeltMemberByName(String function, String member, Object wrongValue) {
        refused(call(function, Map.of("ContextEntries", "x")), "ContextEntries");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void refusesAMemberInTheWrongCaseByName(String function, String member, Object wrongValue) {
        if (member == null) {
            return;
        }
        String lowerCamel = Character.toLowerCase(member.charAt(0)) + member.substring(1);
        refused(call(function, Map.of(lowerCamel, "x")), lowerCamel);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void refusesAValueOfTheWrongTypeByName(String function, String member, Object wrongValue) {
        if (member == null) {
            return;
        }
        Map<String, Object> members = new LinkedHashMap<>();
        members.put(member, wrongValue);
        refused(call(function, members), member);
    }

    private static Response call(String function, Map<String, ?> members) {
        return SignedClient.call(Identity.ADMIN, function, members).send();
    }

    private static void refused(Response response, String member) {
        response.then().statusCode(400).body("Code", equalTo("InvalidParameter"))
                .body("Message", containsString(member));
    }
}
