package io.tdeguard.function;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.r_kvstore.model.v20150101.DescribeInstanceAttributeRequest;
import com.aliyuncs.r_kvstore.model.v20150101.DescribeInstanceAttributeResponse;
import com.aliyuncs.r_kvstore.model.v20150101.DescribeInstanceTDEStatusRequest;
import com.aliyuncs.r_kvstore.model.v20150101.DescribeInstancesRequest;
import com.aliyuncs.r_kvstore.model.v20150101.DescribeInstancesResponse;
import com.aliyuncs.r_kvstore.model.v20150101.FlushInstanceRequest;
import com.aliyuncs.r_kvstore.model.v20150101.ModifyInstanceTDERequest;
import com.aliyuncs.r_kvstore.model.v20150101.ModifyInstanceTDEResponse;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tdeguard.kvstore.simulator.SimulatorInstances;
import io.tdeguard.signature.AccessKeySecret;
import io.tdeguard.signature.Acs3Headers;
import io.tdeguard.signature.Acs3Request;
import io.tdeguard.signature.Acs3Signer;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;
import io.tdeguard.support.TestInstances;
import io.tdeguard.support.V1Client;
import io.tdeguard.support.V1Sdk;

/**
 * The RPC front for the clients that sign with the V1 signature (the CLI, Terraform, the V1 SDKs): the V1 Java SDK,
 * unmodified, pointed at the function; hand-signed V1 requests for every refusal of the signature check; the reads
 * these tools make around a change; and ACS3-signed requests whose parameters come as a form body.
 */
@QuarkusTest
class RpcV1FrontTest {

    /** The requester of the walkthrough, allowed the reads around a change too. */
    static final String READER_POLICY = """
            {"Version":"1","Statement":[
              {"Effect":"Allow","Action":["kvstore:ModifyInstanceTDE","tdeguard:CreateApproval"],
               "Resource":"acs:kvstore:*:*:instance/*","Condition":{"StringEquals":{"kvstore:TDEStatus":"Enabled"}}},
              {"Effect":"Allow","Action":["kvstore:Describe*","kvstore:CheckCloudResourceAuthorized"],
               "Resource":"acs:kvstore:*:*:instance/*"}]}""";

    Identity requester;
    Identity approver;
    Identity auditor;
    String instanceId;

    @BeforeEach
    void identitiesAndInstance() {
        requester = Fixtures.userWithPolicy("v1requester", READER_POLICY);
        approver = Fixtures.userWithPolicy("approver", Fixtures.APPROVER_POLICY);
        auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);
        instanceId = TestInstances.supportingTde();
    }

    @Test
    void theV1SdkEnablesTdeThroughTheApprovalGateAndTheAuditTrail() {
        V1Sdk sdk = V1Sdk.of(RestAssured.port, requester);
        assertEquals("Disabled", tdeStatus(sdk));

        ClientException unapproved = sdk.failure(enable());
        assertEquals("Forbidden.ApprovalRequired", unapproved.getErrCode());
        TestInstances.assertNoTdeCall(instanceId);

        String approvalId = Fixtures.requestApproval(requester, Map.of("InstanceId", instanceId, "TDEStatus", "Enabled"));
        Fixtures.approve(approver, approvalId);
        ModifyInstanceTDEResponse modified = sdk.ok(enable());

        assertTrue(modified.getRequestId().matches("[0-9A-F-]{36}"), modified.getRequestId());
        assertEquals("Enabled", tdeStatus(sdk));
        assertEquals(1, TestInstances.tdeCalls(instanceId));
        Map<String, Object> intent = event(Map.of("InstanceId", instanceId, "EventName", "ModifyInstanceTDE"), "intent");
        assertEquals(modified.getRequestId(), intent.get("requestId"));
        assertEquals(approvalId, intent.get("approvalId"));
        assertEquals(Map.of("InstanceId", instanceId, "TDEStatus", "Enabled", "RegionId", "cn-hangzhou"),
                intent.get("requestParameters"), "the operation's parameters, without those of the signature");
        assertEquals(requester.accessKeyId(), identity(intent).get("accessKeyId"));
        assertTrue(String.valueOf(intent.get("userAgent")).contains("Core/4.7"), String.valueOf(intent.get("userAgent")));
    }

    @Test
    void theV1SdkReadsTheInstanceAttributeInRkvstoresShapeRecordedAsARead() {
        DescribeInstanceAttributeRequest request = new DescribeInstanceAttributeRequest();
        request.setInstanceId(instanceId);

        DescribeInstanceAttributeResponse answer = V1Sdk.of(RestAssured.port, requester).ok(request);

        assertEquals(1, answer.getInstances().size());
        DescribeInstanceAttributeResponse.DBInstanceAttribute instance = answer.getInstances().get(0);
        assertEquals(instanceId, instance.getInstanceId());
        assertEquals("cn-hangzhou", instance.getRegionId());
        assertEquals("7.0", instance.getEngineVersion());
        assertEquals(Boolean.TRUE, instance.getIsSupportTDE());
        Map<String, Object> read = event(Map.of("InstanceId", instanceId, "EventName", "DescribeInstanceAttribute"), "single");
        assertEquals("Read", read.get("eventRW"));
        assertEquals("Succeeded", read.get("outcome"));
        assertEquals(answer.getRequestId(), read.get("requestId"));
        assertEquals("acs:kvstore:cn-hangzhou:1234567890123456:instance/" + instanceId, read.get("resourceName"));
    }

    @Test
    void describeInstancesAnswersOnlyTheGivenInstancesThatExistInTheRegion() {
        String other = TestInstances.supportingTde();
        DescribeInstancesRequest request = new DescribeInstancesRequest();
        request.setInstanceIds(instanceId + ",r-testnosuchinstance," + other);

        DescribeInstancesResponse answer = V1Sdk.of(RestAssured.port, requester).ok(request);

        assertEquals(2, answer.getTotalCount());
        assertEquals(List.of(instanceId, other), answer.getInstances().stream()
                .map(DescribeInstancesResponse.KVStoreInstance::getInstanceId).toList());
        assertEquals("Normal", answer.getInstances().get(0).getInstanceStatus());
    }

    @Test
    void describeInstancesWithoutInstanceIdsIsRefusedByName() {
        V1Client.call(requester, "DescribeInstances", Map.of()).send().then()
                .statusCode(400).body("Code", equalTo("MissingParameter")).body("Message", containsString("InstanceIds"));
    }

    @Test
    void everyReadOfAToolIsServedForTheCaller() {
        SimulatorInstances instances = Arc.container().instance(SimulatorInstances.class).get();
        instances.addEncryptionKey(instanceId, "key-v1-read-through");
        instances.authorizeRole(instanceId, "acs:ram::1234567890123456:role/aliyunkvstoreaccessingkmsrole");
        V1Client.call(requester, "DescribeInstanceTDEStatus", Map.of("InstanceId", instanceId)).send().then()
                .statusCode(200).body("TDEStatus", equalTo("Disabled")).body("RequestId", containsString("-"));
        V1Client.call(requester, "DescribeEncryptionKeyList", Map.of("InstanceId", instanceId)).asFormBody().send().then()
                .statusCode(200).body("KeyIds.KeyId.size()", equalTo(1));
        V1Client.call(requester, "CheckCloudResourceAuthorized", Map.of("InstanceId", instanceId)).send().then()
                .statusCode(200).body("AuthorizationState", equalTo(1));
        String keyId = "key-v1-read-through";
        V1Client.call(requester, "DescribeEncryptionKey", Map.of("InstanceId", instanceId, "EncryptionKey", keyId)).send()
                .then().statusCode(200).body("EncryptionKey", equalTo(keyId)).body("EncryptionKeyStatus", equalTo("Enabled"));
    }

    @Test
    void aReadIsCheckedByRamOnTheInstance() {
        Identity statusOnly = Fixtures.userWithPolicy("statusonly", Fixtures.REQUESTER_POLICY);
        DescribeInstanceAttributeRequest request = new DescribeInstanceAttributeRequest();
        request.setInstanceId(instanceId);

        ClientException denied = V1Sdk.of(RestAssured.port, statusOnly).failure(request);

        assertEquals("Forbidden.RAM", denied.getErrCode());
        Map<String, Object> refusal = event(Map.of("InstanceId", instanceId, "EventName", "DescribeInstanceAttribute"), "single");
        assertEquals("Denied", refusal.get("outcome"));
    }

    @Test
    void anotherWriteIsRefusedWithTheListOfWhatIsServed() {
        FlushInstanceRequest flush = new FlushInstanceRequest();
        flush.setInstanceId(instanceId);

        ClientException refused = V1Sdk.of(RestAssured.port, requester).failure(flush);

        assertEquals("InvalidAction.NotFound", refused.getErrCode());
        assertTrue(refused.getErrMsg().contains("ModifyInstanceTDE") && refused.getErrMsg().contains("DescribeInstances"),
                refused.getErrMsg());
        Map<String, Object> attempt = event(Map.of("RequestId", refused.getRequestId()), "single");
        assertEquals("FlushInstance", attempt.get("eventName"));
        assertEquals("InvalidAction.NotFound", attempt.get("errorCode"));
        assertEquals(requester.userName(), identity(attempt).get("userName"));
        assertEquals(instanceId, ((Map<?, ?>) attempt.get("requestParameters")).get("InstanceId"));
    }

    @Test
    void aRequestNamingNoActionIsRefusedForItsSignatureFirstAndRecorded() {
        Response refused = given().get("/?InstanceId=" + instanceId);

        refused.then().statusCode(400).body("Code", equalTo("IncompleteSignature"));
        Map<String, Object> attempt = event(Map.of("RequestId", refused.header("x-acs-request-id")), "single");
        assertEquals("unauthenticated", identity(attempt).get("type"));
    }

    @Test
    void anActionNamedAtAnyLengthIsRecordedCut() {
        String action = "Flush" + "X".repeat(4_000);

        Response refused = SignedClient.callWithJson(requester, action, "").toPath("/").send();

        refused.then().statusCode(404).body("Code", equalTo("InvalidAction.NotFound"));
        Map<String, Object> attempt = event(Map.of("RequestId", refused.header("x-acs-request-id")), "single");
        assertTrue(String.valueOf(attempt.get("eventName")).startsWith("FlushXXX"), attempt.toString());
        assertTrue(String.valueOf(attempt.get("eventName")).endsWith("more characters]"), attempt.toString());
        assertEquals(requester.userName(), identity(attempt).get("userName"));
    }

    @Test
    void aSignedGetWhoseRequestLineIsBeyondFourKilobytesIsServed() {
        // Vert.x's default limit of a request line is 4,096 bytes; quarkus.http.limits.max-initial-line-length is 16 KB.
        V1Client.call(requester, "DescribeInstanceAttribute", Map.of("InstanceId", instanceId,
                "ResourceOwnerAccount", "a".repeat(8_000))).send().then().statusCode(200);
    }

    @Test
    void anUnknownParameterIsRefusedByNameAndTheSdksCommonOnesAreAccepted() {
        V1Client.call(requester, "DescribeInstanceAttribute", Map.of("InstanceId", instanceId, "Bogus", "1")).send().then()
                .statusCode(400).body("Code", equalTo("InvalidParameter")).body("Message", containsString("Bogus"));
        V1Client.call(requester, "DescribeInstanceAttribute", Map.of("InstanceId", instanceId, "OwnerId", "1")).send().then()
                .statusCode(200);
        V1Client.call(requester, "ModifyInstanceTDE", Map.of("InstanceId", instanceId, "TDEStatus", "Enabled",
                "ResourceOwnerAccount", "someone")).send().then()
                .statusCode(403).body("Code", equalTo("Forbidden.ApprovalRequired"));
    }

    @Test
    void aV1RequestWithItsParametersInAFormBodyIsVerifiedAndServed() {
        V1Client.call(requester, "DescribeInstanceTDEStatus", Map.of("InstanceId", instanceId)).asFormBody().send().then()
                .statusCode(200).body("TDEStatus", equalTo("Disabled"));
        V1Client.call(requester, "DescribeInstanceTDEStatus", Map.of("InstanceId", instanceId)).asFormBody()
                .afterSigning(p -> p.put("InstanceId", TestInstances.supportingTde())).send().then()
                .statusCode(400).body("Code", equalTo("SignatureDoesNotMatch"));
    }

    @Test
    void aBodyTheV1SignatureDoesNotCoverIsRefused() {
        V1Client.call(requester, "DescribeInstanceTDEStatus", Map.of("InstanceId", instanceId))
                .withJsonBody("{\"InstanceId\":\"r-someotherinstance\"}").send().then()
                .statusCode(400).body("Code", equalTo("IncompleteSignature")).body("Message", containsString("form"));
    }

    @Test
    void aReplayedV1RequestIsRefused() {
        V1Client.Call call = V1Client.call(requester, "DescribeInstanceTDEStatus", Map.of("InstanceId", instanceId));
        call.send().then().statusCode(200);
        call.send().then().statusCode(400).body("Code", equalTo("SignatureNonceUsed"));
    }

    @Test
    void aTimestampMoreThanFifteenMinutesOffIsExpired() {
        V1Client.call(requester, "DescribeInstanceTDEStatus", Map.of("InstanceId", instanceId))
                .at(Instant.now().minus(Duration.ofMinutes(16))).send().then()
                .statusCode(400).body("Code", equalTo("InvalidTimeStamp.Expired"));
        V1Client.call(requester, "DescribeInstanceTDEStatus", Map.of("InstanceId", instanceId))
                .at(Instant.now().plus(Duration.ofMinutes(16))).send().then()
                .statusCode(400).body("Code", equalTo("InvalidTimeStamp.Expired"));
    }

    @Test
    void missingPartsUnknownKeysAndBadSignaturesGetAlibabasCodes() {
        V1Client.call(requester, "ModifyInstanceTDE", Map.of("InstanceId", instanceId, "TDEStatus", "Enabled"))
                .afterSigning(p -> p.remove("Signature")).send().then()
                .statusCode(400).body("Code", equalTo("IncompleteSignature")).body("Message", containsString("Signature"));
        V1Client.call(requester, "ModifyInstanceTDE", Map.of("InstanceId", instanceId, "TDEStatus", "Enabled"))
                .afterSigning(p -> p.put("SignatureMethod", "HMAC-SHA256")).send().then()
                .statusCode(400).body("Code", equalTo("IncompleteSignature"));
        V1Client.call(new Identity("nobody", "LTAInoSuchKey0001", "secret"), "ModifyInstanceTDE",
                Map.of("InstanceId", instanceId, "TDEStatus", "Enabled")).send().then()
                .statusCode(404).body("Code", equalTo("InvalidAccessKeyId.NotFound"));
        V1Client.call(new Identity(requester.userName(), requester.accessKeyId(), "not-the-secret"), "ModifyInstanceTDE",
                Map.of("InstanceId", instanceId, "TDEStatus", "Enabled")).send().then()
                .statusCode(400).body("Code", equalTo("SignatureDoesNotMatch"));
        V1Client.call(requester, "ModifyInstanceTDE", Map.of("InstanceId", instanceId, "TDEStatus", "Enabled"))
                .afterSigning(p -> p.put("TDEStatus", "Disabled")).send().then()
                .statusCode(400).body("Code", equalTo("SignatureDoesNotMatch"));
        TestInstances.assertNoTdeCall(instanceId);
    }

    @Test
    void anStsTokenIsRefusedClearly() {
        V1Client.call(requester, "DescribeInstanceTDEStatus", Map.of("InstanceId", instanceId, "SecurityToken", "CAIS-sts"))
                .send().then().statusCode(400).body("Code", equalTo("InvalidSecurityToken.NotAccepted"))
                .body("Message", containsString("access key of this function"));
    }

    @Test
    void onlyJsonIsAnsweredAndAnotherFormatIsRefusedOnceTheCallerIsKnownAndAudited() {
        Response refused = V1Client.call(requester, "DescribeInstanceTDEStatus",
                Map.of("InstanceId", instanceId, "Format", "XML")).send();
        refused.then().statusCode(400).body("Code", equalTo("InvalidParameter")).body("Message", containsString("JSON"));

        Map<String, Object> event = event(Map.of("RequestId", refused.header("x-acs-request-id")), "single");
        assertEquals("InvalidParameter", event.get("errorCode"));
        assertEquals(requester.userName(), identity(event).get("userName"));
    }

    @Test
    void aRefusedV1RequestIsAuditedWithTheActionAndTheClaimedAccessKeyId() {
        Response refused = V1Client.call(new Identity(requester.userName(), requester.accessKeyId(), "not-the-secret"),
                "ModifyInstanceTDE", Map.of("InstanceId", instanceId, "TDEStatus", "Enabled")).send();
        refused.then().statusCode(400);

        Map<String, Object> event = event(Map.of("RequestId", refused.header("x-acs-request-id")), "single");
        assertEquals("ModifyInstanceTDE", event.get("eventName"));
        assertEquals("SignatureDoesNotMatch", event.get("errorCode"));
        assertEquals(requester.accessKeyId(), identity(event).get("accessKeyId"));
    }

    @Test
    void anAcs3RequestWithAFormBodyIsVerifiedAndBoundLikeOneWithAQuery() {
        String form = "InstanceId=" + instanceId + "&RegionId=cn-hangzhou";
        acs3Form(requester, "DescribeInstanceTDEStatus", form, form).then()
                .statusCode(200).body("TDEStatus", equalTo("Disabled"));
        acs3Form(requester, "DescribeInstanceTDEStatus", form, "InstanceId=" + TestInstances.supportingTde() + "&RegionId=cn-hangzhou")
                .then().statusCode(400).body("Code", equalTo("SignatureDoesNotMatch"));

        String approvalId = Fixtures.requestApproval(requester, Map.of("InstanceId", instanceId, "TDEStatus", "Enabled"));
        Fixtures.approve(approver, approvalId);
        String change = "InstanceId=" + instanceId + "&TDEStatus=Enabled";
        acs3Form(requester, "ModifyInstanceTDE", change, change).then().statusCode(200).body("ApprovalId", equalTo(approvalId));
        assertEquals(1, TestInstances.tdeCalls(instanceId));
    }

    @Test
    void anAcs3ActionParameterMustAgreeWithTheSignedHeader() {
        String form = "Action=ModifyInstanceTDE&InstanceId=" + instanceId;
        acs3Form(requester, "DescribeInstanceTDEStatus", form, form).then()
                .statusCode(400).body("Code", equalTo("InvalidParameter")).body("Message", containsString("x-acs-action"));
    }

    /** POST / signed with ACS3 over {@code signedForm}, sending {@code sentForm} as the form body. */
    private static Response acs3Form(Identity who, String action, String signedForm, String sentForm) {
        byte[] body = signedForm.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new TreeMap<>(Acs3Headers.standard(action, "2015-01-01")
                .host("localhost:" + RestAssured.port).contentType("application/x-www-form-urlencoded")
                .clock(Clock.fixed(Instant.now(), ZoneOffset.UTC)).build(body));
        headers.put("authorization", Acs3Signer.sign(Acs3Request.builder("POST", "/").headers(headers).body(body).build(),
                who.accessKeyId(), AccessKeySecret.of(who.accessKeySecret())).authorization());
        headers.remove("host");
        headers.remove("content-type");
        return given()
                .config(RestAssured.config().encoderConfig(
                        EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)
                                .encodeContentTypeAs("application/x-www-form-urlencoded", ContentType.TEXT)))
                .contentType("application/x-www-form-urlencoded")
                .headers(headers)
                .body(sentForm.getBytes(StandardCharsets.UTF_8))
                .post("/");
    }

    private ModifyInstanceTDERequest enable() {
        ModifyInstanceTDERequest request = new ModifyInstanceTDERequest();
        request.setInstanceId(instanceId);
        request.setTDEStatus("Enabled");
        return request;
    }

    private String tdeStatus(V1Sdk sdk) {
        DescribeInstanceTDEStatusRequest request = new DescribeInstanceTDEStatusRequest();
        request.setInstanceId(instanceId);
        return sdk.ok(request).getTDEStatus();
    }

    /** The newest audit event matching the filters in this phase. */
    private Map<String, Object> event(Map<String, String> filters, String phase) {
        Response page = SignedClient.call(auditor, "LookupEvents", Fixtures.recent(filters)).send();
        page.then().statusCode(200);
        List<Map<String, Object>> events = page.path("Events");
        return events.stream().filter(e -> phase.equals(e.get("phase"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + phase + " event in " + events));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> identity(Map<String, Object> event) {
        return (Map<String, Object>) event.get("userIdentity");
    }
}
