package io.tdeguard.kvstore.openapi;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tdeguard.kvstore.BackendCall;
import io.tdeguard.kvstore.ChangeDeadline;
import io.tdeguard.kvstore.ModifyTdeCommand;
import io.tdeguard.kvstore.ModifyTdeResult;
import io.tdeguard.kvstore.TdeApi;
import io.tdeguard.kvstore.TdeApiException;
import io.tdeguard.kvstore.TdeApiException.Certainty;
import io.tdeguard.kvstore.simulator.InjectedFault;
import io.tdeguard.kvstore.simulator.SimulatorFaults;
import io.tdeguard.kvstore.simulator.SimulatorInstances;
import io.tdeguard.support.Deadlines;
import io.tdeguard.support.emulator.EmulatorResource;
import io.tdeguard.support.emulator.KvstoreEmulator;
import io.tdeguard.support.emulator.KvstoreEmulator.Received;
import io.tdeguard.support.emulator.OpenApiTestProfile;

/** The openapi adapter against the emulator: its pre-checks, its error mapping, and when it retries. */
@QuarkusTest
@TestProfile(OpenApiTestProfile.class)
class OpenApiTdeApiTest {

    private static final String REGION = "cn-hangzhou";
    private static final String KEY = "0d2470df-da7b-4786-b981-9a164dae0002";
    private static final String ROLE = "acs:ram::1234567890123456:role/AliyunRdsInstanceEncryptionDefaultRole";

    @Inject
    TdeApi tdeApi;

    @Inject
    SimulatorInstances instances;

    @Inject
    SimulatorFaults faults;

    KvstoreEmulator emulator;

    @BeforeEach
    void emulator() {
        emulator = EmulatorResource.emulator();
    }

    @AfterEach
    void noScriptedErrorsLeft() {
        emulator.clearScriptedErrors();
        emulator.stall(Duration.ofSeconds(3));
    }

    @Test
    void aPlainTdeApiInjectionGetsTheOpenApiAdapter() {
        assertInstanceOf(OpenApiTdeApi.class, ClientProxy.unwrap(tdeApi));
    }

    @Test
    void enablesTdeAfterReadingItsStatusAndRecordsBothRequestIds() throws TdeApiException {
        String id = newInstance(true);

        ModifyTdeResult result = tdeApi.modifyInstanceTde(enable(id, null, null), Deadlines.unhurried());

        List<Received> received = emulator.receivedFor(id);
        assertEquals(List.of("DescribeInstanceTDEStatus", "ModifyInstanceTDE"), actions(received));
        assertTrue(result.changed());
        assertEquals(received.get(1).requestId(), result.backendRequestId());
        assertEquals(List.of(new BackendCall("DescribeInstanceTDEStatus", received.get(0).requestId()),
                new BackendCall("ModifyInstanceTDE", received.get(1).requestId())), result.calls());
        assertEquals("Enabled", instances.find(id).orElseThrow().tdeStatus());
        assertEquals(EmulatorResource.GUARD_ACCESS_KEY_ID, received.get(1).accessKeyId());
        assertNull(received.get(1).securityToken());
    }

    @Test
    void aChangeWhoseDeadlineHasPassedStartsNoPreCheckAndIsNeverSent() {
        String id = newInstance(true);

        TdeApiException refused = assertThrows(TdeApiException.class,
                () -> tdeApi.modifyInstanceTde(enable(id, KEY, ROLE), Deadlines.passed()));

        assertEquals(Certainty.REJECTED, refused.certainty());
        assertEquals(ChangeDeadline.PASSED, refused.code());
        assertEquals(List.of(), emulator.receivedFor(id));
        assertEquals("Disabled", instances.find(id).orElseThrow().tdeStatus());
    }

    @Test
    void anInstanceAlreadyEnabledIsANoOpWithoutModifyInstanceTde() throws TdeApiException {
        String id = newInstance(true);
        tdeApi.modifyInstanceTde(enable(id, null, null), Deadlines.unhurried());

        ModifyTdeResult again = tdeApi.modifyInstanceTde(enable(id, null, null), Deadlines.unhurried());

        assertFalse(again.changed());
        assertEquals(1, again.calls().size());
        assertEquals("DescribeInstanceTDEStatus", again.calls().get(0).action());
        assertEquals(again.calls().get(0).requestId(), again.backendRequestId());
        assertEquals(1, modifyCalls(id));
    }

    @Test
    void aKeyTheInstanceDoesNotListIsRefusedBeforeModifyInstanceTde() {
        String id = newInstance(true);
        instances.addEncryptionKey(id, "another-key-of-this-instance");

        TdeApiException refused = assertThrows(TdeApiException.class,
                () -> tdeApi.modifyInstanceTde(enable(id, KEY, null), Deadlines.unhurried()));

        assertAll(
                () -> assertEquals("InvalidEncryptionKey.NotFound", refused.code()),
                () -> assertEquals(400, refused.httpStatus()),
                () -> assertEquals(Certainty.REJECTED, refused.certainty()),
                () -> assertEquals(List.of("DescribeInstanceTDEStatus", "DescribeEncryptionKeyList"),
                        refused.calls().stream().map(BackendCall::action).toList()),
                () -> assertEquals(refused.calls().get(1).requestId(), refused.backendRequestId()));
        assertEquals(0, modifyCalls(id));
    }

    @Test
    void aListedKeyAndAnAuthorizedRoleAreSentWithTheChange() throws TdeApiException {
        String id = newInstance(true);
        instances.addEncryptionKey(id, KEY);
        instances.authorizeRole(id, ROLE);

        ModifyTdeResult result = tdeApi.modifyInstanceTde(enable(id, KEY, ROLE), Deadlines.unhurried());

        assertEquals(List.of("DescribeInstanceTDEStatus", "DescribeEncryptionKeyList",
                "CheckCloudResourceAuthorized", "ModifyInstanceTDE"), actions(emulator.receivedFor(id)));
        assertEquals(4, result.calls().size());
        var state = instances.find(id).orElseThrow();
        assertEquals(KEY, state.encryptionKeyId());
        assertEquals(ROLE, state.roleArn());
        assertEquals(KEY, tdeApi.describeEncryptionKey(REGION, id, KEY).encryptionKey());
    }

    @Test
    void aRoleNotAuthorizedIsRefusedBeforeModifyInstanceTde() {
        String id = newInstance(true);

        TdeApiException refused = assertThrows(TdeApiException.class,
                () -> tdeApi.modifyInstanceTde(enable(id, null, ROLE), Deadlines.unhurried()));

        assertEquals("InvalidRoleArn.NotAuthorized", refused.code());
        assertEquals(Certainty.REJECTED, refused.certainty());
        assertEquals(0, modifyCalls(id));
    }

    @Test
    void passesOnTheServicesErrorWithItsRequestId() {
        String id = newInstance(false);

        TdeApiException refused = assertThrows(TdeApiException.class, () -> tdeApi.modifyInstanceTde(enable(id, null, null), Deadlines.unhurried()));

        assertEquals("IncorrectEngineVersion", refused.code());
        assertEquals(400, refused.httpStatus());
        assertEquals(Certainty.REJECTED, refused.certainty());
        List<Received> received = emulator.receivedFor(id);
        assertEquals(received.get(received.size() - 1).requestId(), refused.backendRequestId());

        TdeApiException notFound = assertThrows(TdeApiException.class,
                () -> tdeApi.describeInstanceTdeStatus(REGION, "r-enotexisting0000001"));
        assertEquals("InvalidInstanceId.NotFound", notFound.code());
        assertEquals(404, notFound.httpStatus());
    }

    @Test
    void taskExistsIsRejectedSoTheApprovalCanBeReleased() {
        String id = newInstance(true);
        instances.startOtherTask(id, Instant.now().plusSeconds(600));

        TdeApiException refused = assertThrows(TdeApiException.class, () -> tdeApi.modifyInstanceTde(enable(id, null, null), Deadlines.unhurried()));

        assertEquals("TaskExists", refused.code());
        assertEquals(Certainty.REJECTED, refused.certainty());
    }

    @Test
    void retriesAThrottledChangeWhichSurelyDidNotHappen() throws TdeApiException {
        String id = newInstance(true);
        emulator.failNext("ModifyInstanceTDE", 400, "Throttling.User", "Request was denied due to user flow control.");

        ModifyTdeResult result = tdeApi.modifyInstanceTde(enable(id, null, null), Deadlines.unhurried());

        assertEquals(List.of("DescribeInstanceTDEStatus", "ModifyInstanceTDE", "ModifyInstanceTDE"),
                result.calls().stream().map(BackendCall::action).toList());
        assertTrue(result.changed());
        assertEquals("Enabled", instances.find(id).orElseThrow().tdeStatus());
    }

    @Test
    void aServerErrorOnTheChangeIsInDoubtAndNotRetried() {
        String id = newInstance(true);
        emulator.failNext("ModifyInstanceTDE", 500, "InternalError", "The request processing has failed.");

        TdeApiException inDoubt = assertThrows(TdeApiException.class, () -> tdeApi.modifyInstanceTde(enable(id, null, null), Deadlines.unhurried()));

        assertEquals(Certainty.IN_DOUBT, inDoubt.certainty());
        assertEquals("InternalError", inDoubt.code());
        assertEquals(2, inDoubt.calls().size());
        assertEquals(1, emulator.receivedFor(id).stream().filter(r -> r.action().equals("ModifyInstanceTDE")).count());
    }

    @Test
    void retriesReadsOnServerErrorsAndRefusesTheChangeWhenTheyKeepFailing() {
        String id = newInstance(true);
        for (int i = 0; i < 3; i++) {
            emulator.failNext("DescribeInstanceTDEStatus", 503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.");
        }

        TdeApiException refused = assertThrows(TdeApiException.class, () -> tdeApi.modifyInstanceTde(enable(id, null, null), Deadlines.unhurried()));

        assertEquals(Certainty.REJECTED, refused.certainty());
        assertEquals("ServiceUnavailable", refused.code());
        assertEquals(3, refused.calls().size());
        assertEquals(0, modifyCalls(id));
    }

    @Test
    void aTimeoutOfTheChangeIsInDoubtAndNotRetried() {
        String id = newInstance(true);
        faults.failNextCall(id, InjectedFault.RESPONSE_LOST);

        TdeApiException inDoubt = assertThrows(TdeApiException.class, () -> tdeApi.modifyInstanceTde(enable(id, null, null), Deadlines.unhurried()));

        assertEquals(Certainty.IN_DOUBT, inDoubt.certainty());
        assertEquals(TdeApiException.READ_TIMEOUT, inDoubt.code());
        BackendCall change = inDoubt.calls().get(inDoubt.calls().size() - 1);
        assertEquals("ModifyInstanceTDE", change.action());
        assertNull(change.requestId(), "no answer arrived to the change");
        assertEquals(1, emulator.receivedFor(id).stream().filter(r -> r.action().equals("ModifyInstanceTDE")).count());
        // The service did it; only the answer was lost.
        assertEquals("Enabled", instances.find(id).orElseThrow().tdeStatus());
    }

    @Test
    void readsTheOtherOperations() throws TdeApiException {
        String id = newInstance(false);
        instances.addEncryptionKey(id, KEY);

        var attribute = tdeApi.describeInstanceAttribute(REGION, id);
        assertFalse(attribute.supportsTde());
        assertEquals("4.0", attribute.engineVersion());
        assertEquals(List.of(KEY), tdeApi.describeEncryptionKeyList(REGION, id).keyIds());
        assertEquals("Disabled", tdeApi.describeInstanceTdeStatus(REGION, id).tdeStatus());
        assertFalse(tdeApi.checkCloudResourceAuthorized(REGION, id, ROLE).authorized());
    }

    private static ModifyTdeCommand enable(String id, String key, String role) {
        return new ModifyTdeCommand(REGION, id, "Enabled", "AES-CTR-256", key, role);
    }

    private long modifyCalls(String id) {
        return emulator.receivedFor(id).stream().filter(r -> r.action().equals("ModifyInstanceTDE")).count();
    }

    private static List<String> actions(List<Received> received) {
        return received.stream().map(Received::action).toList();
    }

    private String newInstance(boolean supportsTde) {
        String id = OfficialSdkAgainstEmulatorTest.newInstanceId();
        instances.create(id, REGION, supportsTde ? "7.0" : "4.0", supportsTde);
        return id;
    }
}
