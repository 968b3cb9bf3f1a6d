package io.tdeguard.kvstore.openapi;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.aliyun.r_kvstore20150101.Client;
import com.aliyun.r_kvstore20150101.models.CheckCloudResourceAuthorizedRequest;
import com.aliyun.r_kvstore20150101.models.DescribeEncryptionKeyListRequest;
import com.aliyun.r_kvstore20150101.models.DescribeEncryptionKeyRequest;
import com.aliyun.r_kvstore20150101.models.DescribeInstanceAttributeRequest;
import com.aliyun.r_kvstore20150101.models.DescribeInstanceTDEStatusRequest;
import com.aliyun.r_kvstore20150101.models.ModifyInstanceTDERequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tdeguard.kvstore.BackendCall;
import io.tdeguard.kvstore.ModifyTdeCommand;
import io.tdeguard.kvstore.TdeApi;
import io.tdeguard.signature.AccessKeySecret;
import io.tdeguard.signature.Acs3Authorization;
import io.tdeguard.signature.Acs3CanonicalRequest;
import io.tdeguard.signature.Acs3Verifier;
import io.tdeguard.support.CapturingServer;
import io.tdeguard.support.CapturingServer.Captured;
import io.tdeguard.support.Deadlines;
import io.tdeguard.support.OfficialSdk;

/**
 * For the same inputs, date and nonce, the adapter's request is signed exactly like the official SDK's: both are
 * sent to one loopback server that records them as they arrive, and the test compares what the signature covers
 * (method, path, decoded query, the signed headers and their values, the body: the canonical request) and the
 * {@code Authorization} header, for all six operations, with an AccessKey and with STS credentials.
 *
 * <p>The SDK's date and nonce are fixed through its public {@code Config.globalParameters} headers, which its
 * {@code doRequest} merges over its own {@code x-acs-date} and {@code x-acs-signature-nonce} before signing, so the
 * SDK itself computes the signature over them, unmodified. The adapter gets a fixed clock and nonce supplier.
 */
class SdkSignatureParityTest {

    private static final Instant DATE = Instant.parse("2026-11-28T16:52:28Z");
    private static final String NONCE = "04c79cf963eb90d1d64f9539b81b1565";
    private static final String ACCESS_KEY_ID = "LTAI5tSpikeTestAccessKey";
    private static final String SECRET = "testSecret0123456789abcdefABCDEF";
    private static final String STS_ACCESS_KEY_ID = "STS.NUgYrLnoC37mZZCNnAbez2Rw";
    private static final String STS_SECRET = "sts-temporary-secret-0123456789";
    private static final String STS_TOKEN = "CAIS+AF1q6Ft5B2yfSjIr5bSEsKNm7pn0ZuKd0TlqmkmQ/ZpjLbaDCq4rVYn/3yoJ+Y0I8A==";

    private static final String INSTANCE = "r-bp1zxszhcgatnx0001";
    private static final String KEY = "0d2470df-da7b-4786-b981-9a164dae****";
    private static final String ROLE = "acs:ram::1234567890123456:role/AliyunRdsInstanceEncryptionDefaultRole";

    /** One body that answers every operation, so that both clients read it as success. */
    private static final String ANSWER = """
            {"RequestId":"5D622714-AEDD-4609-9167-F5DDD3D1****","TDEStatus":"Disabled",
             "KeyIds":{"KeyId":["0d2470df-da7b-4786-b981-9a164dae****"]},"AuthorizationState":1,
             "EncryptionKey":"0d2470df-da7b-4786-b981-9a164dae****","EncryptionKeyStatus":"Enabled",
             "Instances":{"DBInstanceAttribute":[{"InstanceId":"r-bp1zxszhcgatnx0001","RegionId":"cn-hangzhou","IsSupportTDE":true}]}}""";

    private static CapturingServer server;

    @BeforeAll
    static void startServer() throws IOException {
        server = new CapturingServer(ANSWER);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void signsModifyInstanceTdeLikeTheSdk() throws Exception {
        assertParity(ACCESS_KEY_ID, SECRET, null);
    }

    @Test
    void signsWithStsCredentialsLikeTheSdk() throws Exception {
        assertParity(STS_ACCESS_KEY_ID, STS_SECRET, STS_TOKEN);
    }

    @Test
    void reproducesTheSdksKnownAnswer() throws IOException {
        JsonNode known;
        try (InputStream in = getClass().getResourceAsStream("/signature/acs3-known-answer.json")) {
            known = new ObjectMapper().readTree(in);
        }
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        parameters.put("InstanceId", INSTANCE);
        parameters.put("TDEStatus", "Enabled");
        parameters.put("EncryptionName", "AES-CTR-256");
        parameters.put("EncryptionKey", KEY);
        parameters.put("RoleArn", ROLE);

        RpcRequest request = RpcRequest.sign(URI.create("http://" + known.get("headers").get("host").asText()),
                known.get("headers").get("x-acs-action").asText(), parameters,
                new OutboundCredentials(known.get("accessKeyId").asText(),
                        AccessKeySecret.of(known.get("accessKeySecret").asText()), null),
                Clock.fixed(Instant.parse(known.get("headers").get("x-acs-date").asText()), ZoneOffset.UTC),
                () -> known.get("headers").get("x-acs-signature-nonce").asText());

        assertEquals(known.get("canonicalRequest").asText(), request.signature().canonicalRequest().text());
        assertEquals(known.get("stringToSign").asText(), request.signature().stringToSign());
        assertEquals(known.get("authorization").asText(), request.signature().authorization());
    }

    private void assertParity(String accessKeyId, String secret, String token) throws Exception {
        Map<String, String> fixed = new HashMap<>();
        fixed.put("x-acs-date", "2026-11-28T16:52:28Z");
        fixed.put("x-acs-signature-nonce", NONCE);
        Client sdk = OfficialSdk.client(server.port(), accessKeyId, secret, token, fixed);
        server.take();

        sdk.modifyInstanceTDEWithOptions(new ModifyInstanceTDERequest().setInstanceId(INSTANCE).setTDEStatus("Enabled")
                .setEncryptionName("AES-CTR-256").setEncryptionKey(KEY).setRoleArn(ROLE), OfficialSdk.once());
        sdk.describeInstanceTDEStatusWithOptions(new DescribeInstanceTDEStatusRequest().setInstanceId(INSTANCE),
                OfficialSdk.once());
        sdk.describeEncryptionKeyListWithOptions(new DescribeEncryptionKeyListRequest().setInstanceId(INSTANCE),
                OfficialSdk.once());
        sdk.describeEncryptionKeyWithOptions(new DescribeEncryptionKeyRequest().setInstanceId(INSTANCE)
                .setEncryptionKey(KEY), OfficialSdk.once());
        sdk.checkCloudResourceAuthorizedWithOptions(new CheckCloudResourceAuthorizedRequest().setInstanceId(INSTANCE)
                .setRoleArn(ROLE), OfficialSdk.once());
        sdk.describeInstanceAttributeWithOptions(new DescribeInstanceAttributeRequest().setInstanceId(INSTANCE),
                OfficialSdk.once());
        Map<String, Captured> bySdk = byAction(server.take());

        OpenApiTdeApi adapter = fixedAdapter(new OutboundCredentials(accessKeyId, AccessKeySecret.of(secret), token));
        var modified = adapter.modifyInstanceTde(new ModifyTdeCommand("cn-hangzhou", INSTANCE, "Enabled", "AES-CTR-256",
                KEY, ROLE), Deadlines.unhurried());
        adapter.describeInstanceTdeStatus("cn-hangzhou", INSTANCE);
        adapter.describeEncryptionKeyList("cn-hangzhou", INSTANCE);
        adapter.describeEncryptionKey("cn-hangzhou", INSTANCE, KEY);
        adapter.checkCloudResourceAuthorized("cn-hangzhou", INSTANCE, ROLE);
        adapter.describeInstanceAttribute("cn-hangzhou", INSTANCE);
        List<Captured> fromAdapter = server.take();
        // The guarded ModifyInstanceTDE reads first: the instance's status, key list, role; then the change.
        assertEquals(List.of(TdeApi.DESCRIBE_INSTANCE_TDE_STATUS, TdeApi.DESCRIBE_ENCRYPTION_KEY_LIST,
                TdeApi.CHECK_CLOUD_RESOURCE_AUTHORIZED, TdeApi.MODIFY_INSTANCE_TDE),
                modified.calls().stream().map(BackendCall::action).toList());
        Map<String, Captured> byAdapter = byAction(fromAdapter);

        assertEquals(bySdk.keySet(), byAdapter.keySet());
        assertEquals(6, bySdk.size());
        for (String action : bySdk.keySet()) {
            assertSameSignedRequest(action, bySdk.get(action), byAdapter.get(action), secret, token);
        }
    }

    private static void assertSameSignedRequest(String action, Captured sdk, Captured adapter, String secret,
            String token) {
        Acs3Authorization sdkAuthorization = Acs3Authorization.parse(sdk.headers().get("authorization"));
        Acs3Authorization adapterAuthorization = Acs3Authorization.parse(adapter.headers().get("authorization"));
        String sdkCanonical = Acs3CanonicalRequest.of(sdk.toAcs3Request(), sdkAuthorization.signedHeaders()).text();
        String adapterCanonical =
                Acs3CanonicalRequest.of(adapter.toAcs3Request(), adapterAuthorization.signedHeaders()).text();
        assertAll(action,
                () -> assertEquals("POST", sdk.method()),
                () -> assertEquals(sdk.method(), adapter.method()),
                () -> assertEquals(sdk.rawPath(), adapter.rawPath()),
                () -> assertEquals(sdkAuthorization.signedHeaders(), adapterAuthorization.signedHeaders()),
                () -> assertEquals(sdkCanonical, adapterCanonical),
                () -> assertEquals(sdk.headers().get("authorization"), adapter.headers().get("authorization")),
                () -> assertArrayEquals(sdk.body(), adapter.body()),
                () -> assertEquals(token, sdk.headers().get("x-acs-security-token")),
                () -> assertTrue(sdkAuthorization.signedHeaders().contains("x-acs-security-token") == (token != null)));
        // And both verify, as the service would check them.
        Acs3Verifier.verify(Acs3Verifier.inspect(sdk.toAcs3Request()), AccessKeySecret.of(secret));
        Acs3Verifier.verify(Acs3Verifier.inspect(adapter.toAcs3Request()), AccessKeySecret.of(secret));
    }

    /** The last request of each action (the adapter reads before ModifyInstanceTDE too). */
    private static Map<String, Captured> byAction(List<Captured> captured) {
        Map<String, Captured> byAction = new java.util.TreeMap<>();
        captured.forEach(request -> byAction.put(request.headers().get("x-acs-action"), request));
        return byAction;
    }

    private static OpenApiTdeApi fixedAdapter(OutboundCredentials credentials) {
        OpenApiClient client = new OpenApiClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1),
                Duration.ofSeconds(5), Duration.ofSeconds(5), 1, Duration.ZERO, Duration.ZERO, Clock.fixed(DATE, ZoneOffset.UTC), () -> NONCE);
        return new OpenApiTdeApi(new Endpoints("http://127.0.0.1:" + server.port(), Map.of()), () -> credentials,
                "cn-hangzhou", client);
    }

}
