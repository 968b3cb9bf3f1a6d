package io.tdeguard.kvstore.openapi;

import static io.tdeguard.support.OfficialSdk.failure;
import static io.tdeguard.support.OfficialSdk.ok;
import static io.tdeguard.support.OfficialSdk.once;
import static io.tdeguard.support.OfficialSdk.status;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.aliyun.r_kvstore20150101.Client;
import com.aliyun.r_kvstore20150101.models.CheckCloudResourceAuthorizedRequest;
import com.aliyun.r_kvstore20150101.models.DescribeEncryptionKeyListRequest;
import com.aliyun.r_kvstore20150101.models.DescribeEncryptionKeyRequest;
import com.aliyun.r_kvstore20150101.models.DescribeEncryptionKeyResponseBody;
import com.aliyun.r_kvstore20150101.models.DescribeInstanceAttributeRequest;
import com.aliyun.r_kvstore20150101.models.DescribeInstanceAttributeResponseBody.DescribeInstanceAttributeResponseBodyInstancesDBInstanceAttribute;
import com.aliyun.r_kvstore20150101.models.DescribeInstanceTDEStatusRequest;
import com.aliyun.r_kvstore20150101.models.ModifyInstanceTDERequest;
import com.aliyun.tea.TeaException;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tdeguard.kvstore.simulator.SimulatorInstances;
import io.tdeguard.support.OfficialSdk;
import io.tdeguard.support.emulator.EmulatorResource;
import io.tdeguard.support.emulator.KvstoreEmulator;
import io.tdeguard.support.emulator.OpenApiTestProfile;

/**
 * The emulator is faithful: the official SDK, unmodified, calls it for all six operations and gets the answers and
 * errors of the real service, and its signature checks refuse what Alibaba's gateway refuses.
 */
@QuarkusTest
@TestProfile(OpenApiTestProfile.class)
class OfficialSdkAgainstEmulatorTest {

    private static final String KEY = "0d2470df-da7b-4786-b981-9a164dae0001";
    private static final String ROLE = "acs:ram::1234567890123456:role/AliyunRdsInstanceEncryptionDefaultRole";
    private static final String REQUEST_ID = "[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}";

    @Inject
    SimulatorInstances instances;

    KvstoreEmulator emulator;
    Client sdk;

    @BeforeEach
    void sdkOfACustomer() {
        emulator = EmulatorResource.emulator();
        sdk = OfficialSdk.client(emulator.port(), EmulatorResource.SDK_ACCESS_KEY_ID,
                EmulatorResource.SDK_ACCESS_KEY_SECRET, null);
    }

    @Test
    void enablesTdeOnceAndAnswersTaskExistsWhileTheTaskRuns() {
        String id = newInstance(true);
        assertEquals("Disabled", tdeStatus(id));

        var modified = ok(() -> sdk.modifyInstanceTDEWithOptions(
                new ModifyInstanceTDERequest().setInstanceId(id).setTDEStatus("Enabled"), once()));

        assertTrue(modified.getBody().getRequestId().matches(REQUEST_ID));
        assertEquals(200, modified.getStatusCode());
        assertEquals("Enabled", tdeStatus(id));
        TeaException taskExists = failure(() -> sdk.modifyInstanceTDEWithOptions(
                new ModifyInstanceTDERequest().setInstanceId(id).setTDEStatus("Enabled"), once()));
        assertEquals("TaskExists", taskExists.getCode());
        assertEquals(400, status(taskExists));
        assertTrue(taskExists.getMessage().contains("Specified task have existed."), taskExists.getMessage());
    }

    @Test
    void tdeCannotBeDisabled() {
        String id = newInstance(true);
        ok(() -> sdk.modifyInstanceTDEWithOptions(
                new ModifyInstanceTDERequest().setInstanceId(id).setTDEStatus("Enabled"), once()));
        instances.startOtherTask(id, Instant.now().minusSeconds(1)); // the enable task is over

        TeaException refused = failure(() -> sdk.modifyInstanceTDEWithOptions(
                new ModifyInstanceTDERequest().setInstanceId(id).setTDEStatus("Disabled"), once()));

        assertEquals("InvalidParameter", refused.getCode());
        assertTrue(refused.getMessage().contains("TDE cannot be disabled once enabled."), refused.getMessage());
        assertEquals("Enabled", tdeStatus(id));
    }

    @Test
    void anUnknownInstanceIsNotFoundAndAMalformedIdIsRefused() {
        TeaException notFound = failure(() -> sdk.describeInstanceTDEStatusWithOptions(
                new DescribeInstanceTDEStatusRequest().setInstanceId(newInstanceId()), once()));
        assertEquals("InvalidInstanceId.NotFound", notFound.getCode());
        assertEquals(404, status(notFound));
        assertTrue(String.valueOf(notFound.getData().get("RequestId")).matches(REQUEST_ID));

        TeaException malformed = failure(() -> sdk.modifyInstanceTDEWithOptions(
                new ModifyInstanceTDERequest().setInstanceId("r-UPPER").setTDEStatus("Enabled"), once()));
        assertEquals("InvalidInstanceName.Malformed", malformed.getCode());
    }

    @Test
    void anInstanceWithoutTdeSupportSaysSoAndRefusesTde() {
        String unsupported = newInstance(false);
        String supported = newInstance(true);

        DescribeInstanceAttributeResponseBodyInstancesDBInstanceAttribute attribute = attribute(unsupported);
        assertAll(
                () -> assertFalse(attribute.getIsSupportTDE()),
                () -> assertEquals(unsupported, attribute.getInstanceId()),
                () -> assertEquals("4.0", attribute.getEngineVersion()),
                () -> assertEquals("cn-hangzhou", attribute.getRegionId()),
                () -> assertEquals("Normal", attribute.getInstanceStatus()));
        assertTrue(attribute(supported).getIsSupportTDE());
        TeaException refused = failure(() -> sdk.modifyInstanceTDEWithOptions(
                new ModifyInstanceTDERequest().setInstanceId(unsupported).setTDEStatus("Enabled"), once()));
        assertEquals("IncorrectEngineVersion", refused.getCode());
    }

    @Test
    void listsAndDescribesTheKeysOfEachInstance() {
        String withKey = newInstance(true);
        String withoutKey = newInstance(true);
        instances.addEncryptionKey(withKey, KEY);

        List<String> keys = ok(() -> sdk.describeEncryptionKeyListWithOptions(
                new DescribeEncryptionKeyListRequest().setInstanceId(withKey), once())).getBody().getKeyIds().getKeyId();
        List<String> none = ok(() -> sdk.describeEncryptionKeyListWithOptions(
                new DescribeEncryptionKeyListRequest().setInstanceId(withoutKey), once())).getBody().getKeyIds().getKeyId();
        DescribeEncryptionKeyResponseBody key = ok(() -> sdk.describeEncryptionKeyWithOptions(
                new DescribeEncryptionKeyRequest().setInstanceId(withKey).setEncryptionKey(KEY), once())).getBody();
        TeaException otherInstancesKey = failure(() -> sdk.describeEncryptionKeyWithOptions(
                new DescribeEncryptionKeyRequest().setInstanceId(withoutKey).setEncryptionKey(KEY), once()));

        assertEquals(List.of(KEY), keys);
        assertEquals(List.of(), none);
        assertAll(
                () -> assertEquals(KEY, key.getEncryptionKey()),
                () -> assertEquals("Enabled", key.getEncryptionKeyStatus()),
                () -> assertEquals("Aliyun_KMS", key.getOrigin()),
                () -> assertTrue(key.getRequestId().matches(REQUEST_ID)));
        assertEquals("InvalidEncryptionKey.NotFound", otherInstancesKey.getCode());
    }

    @Test
    void reportsWhetherTheRoleIsAuthorized() {
        String id = newInstance(true);
        CheckCloudResourceAuthorizedRequest check = new CheckCloudResourceAuthorizedRequest().setInstanceId(id)
                .setRoleArn(ROLE);

        assertEquals(0, ok(() -> sdk.checkCloudResourceAuthorizedWithOptions(check, once())).getBody()
                .getAuthorizationState());
        instances.authorizeRole(id, ROLE);
        assertEquals(1, ok(() -> sdk.checkCloudResourceAuthorizedWithOptions(check, once())).getBody()
                .getAuthorizationState());
    }

    @Test
    void refusesBadSignaturesWithAlibabasCodes() {
        String id = newInstance(true);
        DescribeInstanceTDEStatusRequest describe = new DescribeInstanceTDEStatusRequest().setInstanceId(id);
        Client wrongSecret = OfficialSdk.client(emulator.port(), EmulatorResource.SDK_ACCESS_KEY_ID, "not-the-secret", null);
        Client unknownKey = OfficialSdk.client(emulator.port(), "LTAIunknown0000000001", "whatever", null);
        Client wrongToken = OfficialSdk.client(emulator.port(), EmulatorResource.FC_ACCESS_KEY_ID,
                EmulatorResource.FC_ACCESS_KEY_SECRET, "another-token");
        Client sts = OfficialSdk.client(emulator.port(), EmulatorResource.FC_ACCESS_KEY_ID,
                EmulatorResource.FC_ACCESS_KEY_SECRET, EmulatorResource.FC_SECURITY_TOKEN);

        TeaException mismatch = failure(() -> wrongSecret.describeInstanceTDEStatusWithOptions(describe, once()));
        TeaException notFound = failure(() -> unknownKey.describeInstanceTDEStatusWithOptions(describe, once()));
        TeaException token = failure(() -> wrongToken.describeInstanceTDEStatusWithOptions(describe, once()));

        assertEquals("SignatureDoesNotMatch", mismatch.getCode());
        assertEquals(400, status(mismatch));
        assertEquals("InvalidAccessKeyId.NotFound", notFound.getCode());
        assertEquals(404, status(notFound));
        assertEquals("InvalidSecurityToken.MismatchWithAccessKey", token.getCode());
        assertEquals("Disabled", ok(() -> sts.describeInstanceTDEStatusWithOptions(describe, once())).getBody()
                .getTDEStatus());
    }

    @Test
    void refusesAReplayedNonce() {
        String id = newInstance(true);
        Client fixedNonce = OfficialSdk.client(emulator.port(), EmulatorResource.SDK_ACCESS_KEY_ID,
                EmulatorResource.SDK_ACCESS_KEY_SECRET, null,
                java.util.Map.of("x-acs-signature-nonce", UUID.randomUUID().toString().replace("-", "")));
        DescribeInstanceTDEStatusRequest describe = new DescribeInstanceTDEStatusRequest().setInstanceId(id);
        ok(() -> fixedNonce.describeInstanceTDEStatusWithOptions(describe, once()));

        assertEquals("SignatureNonceUsed",
                failure(() -> fixedNonce.describeInstanceTDEStatusWithOptions(describe, once())).getCode());
    }

    private String tdeStatus(String id) {
        return ok(() -> sdk.describeInstanceTDEStatusWithOptions(
                new DescribeInstanceTDEStatusRequest().setInstanceId(id), once())).getBody().getTDEStatus();
    }

    private DescribeInstanceAttributeResponseBodyInstancesDBInstanceAttribute attribute(String id) {
        return ok(() -> sdk.describeInstanceAttributeWithOptions(
                new DescribeInstanceAttributeRequest().setInstanceId(id), once()))
                .getBody().getInstances().getDBInstanceAttribute().get(0);
    }

    static String newInstanceId() {
        return "r-e" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    }

    private String newInstance(boolean supportsTde) {
        String id = newInstanceId();
        instances.create(id, "cn-hangzhou", supportsTde ? "7.0" : "4.0", supportsTde);
        return id;
    }
}
