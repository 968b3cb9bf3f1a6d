package io.tdeguard.support;

import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.restassured.response.Response;

/** Builds identities through the public identity functions, signed by the bootstrap administrator. */
public final class Fixtures {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Fixtures() {
    }

    /** A name no other test uses, within one run and across runs on a kept database. */
    public static String unique(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36) + SEQUENCE.incrementAndGet();
    }

    /** A new user with a new policy made of the given document, and an AccessKey. */
    public static Identity userWithPolicy(String prefix, String policyDocument) {
        String userName = unique(prefix);
        admin("CreateUser", Map.of("UserName", userName)).then().statusCode(200);
        if (policyDocument != null) {
            String policyName = unique("policy");
            admin("CreatePolicy", Map.of("PolicyName", policyName, "PolicyDocument", policyDocument)).then().statusCode(200);
            admin("AttachPolicyToUser", Map.of("PolicyName", policyName, "UserName", userName)).then().statusCode(200);
        }
        Response key = admin("CreateAccessKey", Map.of("UserName", userName));
        key.then().statusCode(200).body("AccessKey.AccessKeySecret", notNullValue());
        return new Identity(userName, key.path("AccessKey.AccessKeyId"), key.path("AccessKey.AccessKeySecret"));
    }

    /** CreateApproval for ModifyInstanceTDE with these parameters; returns the approval id. */
    public static String requestApproval(Identity requester, Map<String, ?> parameters) {
        Response created = SignedClient.call(requester, "CreateApproval", Map.of("Action", "kvstore:ModifyInstanceTDE",
                "Parameters", parameters, "Reason", "encrypt data at rest for the audit")).send();
        created.then().statusCode(200);
        return created.path("ApprovalId");
    }

    public static void approve(Identity approver, String approvalId) {
        SignedClient.call(approver, "ApproveApproval", Map.of("ApprovalId", approvalId, "Comment", "checked")).send()
                .then().statusCode(200);
    }

    /** LookupEvents filters over the last hour (StartTime and EndTime are required). */
    public static Map<String, Object> recent(Map<String, ?> filters) {
        Map<String, Object> query = new java.util.HashMap<>(filters);
        java.time.Instant now = java.time.Instant.now();
        query.put("StartTime", now.minus(java.time.Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        query.put("EndTime", now.plus(java.time.Duration.ofMinutes(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        return query;
    }

    public static Response admin(String action, Map<String, ?> body) {
        return SignedClient.call(Identity.ADMIN, action, body).send();
    }

    /** The requester's policy of the walkthrough: enable TDE (only Enabled), ask for approvals, read status. */
    public static final String REQUESTER_POLICY = """
            {"Version":"1","Statement":[
              {"Effect":"Allow","Action":["kvstore:ModifyInstanceTDE","tdeguard:CreateApproval"],
               "Resource":"acs:kvstore:*:*:instance/*","Condition":{"StringEquals":{"kvstore:TDEStatus":"Enabled"}}},
              {"Effect":"Allow","Action":["kvstore:DescribeInstanceTDEStatus","tdeguard:DescribeApproval"],"Resource":"*"}]}""";

    public static final String APPROVER_POLICY = """
            {"Version":"1","Statement":[
              {"Effect":"Allow","Action":["tdeguard:DecideApproval","tdeguard:DescribeApproval"],
               "Resource":"acs:tdeguard:*:*:approval/*"}]}""";

    public static final String AUDITOR_POLICY = """
            {"Version":"1","Statement":[
              {"Effect":"Allow","Action":["tdeguard:LookupEvents","tdeguard:DescribeApproval","tdeguard:VerifyAuditTrail",
               "tdeguard:ExportAuditTrail","tdeguard:DescribeAuditPublicKey","tdeguard:CreateAuditCheckpoint",
               "tdeguard:GetAuditCheckpoint","tdeguard:GetAuditProof"],
               "Resource":"*"}]}""";
}
