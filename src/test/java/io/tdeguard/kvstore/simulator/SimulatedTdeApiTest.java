package io.tdeguard.kvstore.simulator;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tdeguard.kvstore.ModifyTdeCommand;
import io.tdeguard.kvstore.ModifyTdeResult;
import io.tdeguard.kvstore.TdeApi;
import io.tdeguard.kvstore.TdeApiException;
import io.tdeguard.kvstore.TdeApiException.Certainty;
import io.tdeguard.kvstore.TdeStatus;
import io.tdeguard.support.Deadlines;

@QuarkusTest
@TestProfile(SimulatorTestProfile.class)
class SimulatedTdeApiTest {

    private static final String REGION = "cn-hangzhou";
    private static final String KEY_ID = "0d0b3e14-7c6c-4a6f-8e8a-1f2d3c4b5a69";
    private static final String ROLE_ARN = "acs:ram::1234567890123456:role/AliyunRdsInstanceEncryptionDefaultRole";
    private static final String REQUEST_ID_SHAPE = "[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}";

    @Inject
    TdeApi tdeApi;

    @Inject
    SimulatorInstances instances;

    @Inject
    SimulatorCalls calls;

    @Inject
    SimulatorFaults faults;

    @Inject
    @SimulatorClock
    ControllableClock clock;

    @Inject
    UserTransaction callerTransaction;

    @Test
    void aPlainTdeApiInjectionGetsTheSimulator() {
        assertInstanceOf(SimulatedTdeApi.class, ClientProxy.unwrap(tdeApi));
    }

    @Test
    void rejectsMalformedInstanceIds() {
        String uniqueMalformed = "r-" + UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        for (String id : new String[] { uniqueMalformed, "bp1zxszhcgatnx0001", "r-short", "r-bp1zxszhcgatnx0001 ",
                null }) {
            TdeApiException rejected = assertRejected(400, "InvalidInstanceName.Malformed",
                    () -> tdeApi.modifyInstanceTde(enable(REGION, id), Deadlines.unhurried()));
            assertEquals("The Specified parameter InstanceName is not valid.", rejected.getMessage());
        }
        assertEquals(1, calls.count(uniqueMalformed));
    }

    @Test
    void rejectsAnUnknownInstanceAsNotFound() {
        TdeApiException rejected = assertRejected(404, "InvalidInstanceId.NotFound",
                () -> tdeApi.modifyInstanceTde(enable(REGION, newInstanceId()), Deadlines.unhurried()));
        assertEquals("The specified instance does not exist.", rejected.getMessage());
    }

    @Test
    void rejectsAnInstanceOfAnotherRegionAsNotFound() {
        String id = newInstance(true);

        assertRejected(404, "InvalidInstanceId.NotFound", () -> tdeApi.modifyInstanceTde(enable("cn-shanghai", id), Deadlines.unhurried()));

        assertEquals(TdeStatus.DISABLED, state(id).tdeStatus());
    }

    @Test
    void findsTheInstanceInAnyRegionWhenNoneIsGiven() throws TdeApiException {
        String id = newInstance(true);

        tdeApi.modifyInstanceTde(enable(null, id), Deadlines.unhurried());

        assertEquals(TdeStatus.ENABLED, tdeApi.describeInstanceTdeStatus(null, id).tdeStatus());
    }

    @Test
    void rejectsAnEngineWithoutTdeSupport() {
        String id = newInstance(false);

        TdeApiException rejected = assertRejected(400, "IncorrectEngineVersion",
                () -> tdeApi.modifyInstanceTde(enable(REGION, id), Deadlines.unhurried()));

        assertEquals("Current engine version does not support this operation.", rejected.getMessage());
        assertEquals(TdeStatus.DISABLED, state(id).tdeStatus());
    }

    @Test
    void enablingTurnsTdeOnRecordsTheKeyAndStartsATask() throws TdeApiException {
        String id = newInstance(true);
        Instant calledAt = clock.instant();

        ModifyTdeResult result = tdeApi.modifyInstanceTde(
                new ModifyTdeCommand(REGION, id, TdeStatus.ENABLED, null, KEY_ID, ROLE_ARN), Deadlines.unhurried());

        assertTrue(result.backendRequestId().matches(REQUEST_ID_SHAPE), result.backendRequestId());
        InstanceState state = state(id);
        assertAll(
                () -> assertEquals(TdeStatus.ENABLED, state.tdeStatus()),
                () -> assertEquals("AES-CTR-256", state.encryptionName()),
                () -> assertEquals(KEY_ID, state.encryptionKeyId()),
                () -> assertEquals(ROLE_ARN, state.roleArn()),
                () -> assertEquals(calledAt.plus(SimulatorTestProfile.TASK_DURATION), state.taskEndsAt()));
        assertEquals(TdeStatus.ENABLED, tdeApi.describeInstanceTdeStatus(REGION, id).tdeStatus());
    }

    @Test
    void enablingWithoutAKeyUsesAServiceManagedKey() throws TdeApiException {
        String id = newInstance(true);

        tdeApi.modifyInstanceTde(enable(REGION, id), Deadlines.unhurried());

        assertNull(state(id).encryptionKeyId());
    }

    @Test
    void answersTaskExistsUntilTheTaskDurationHasPassed() throws TdeApiException {
        String id = newInstance(true);
        tdeApi.modifyInstanceTde(enable(REGION, id), Deadlines.unhurried());

        TdeApiException rejected = assertRejected(400, "TaskExists", () -> tdeApi.modifyInstanceTde(enable(REGION, id), Deadlines.unhurried()));
        assertEquals("Specified task have existed.", rejected.getMessage());

        clock.advance(SimulatorTestProfile.TASK_DURATION.minusSeconds(1));
        assertRejected(400, "TaskExists", () -> tdeApi.modifyInstanceTde(enable(REGION, id), Deadlines.unhurried()));

        clock.advance(Duration.ofSeconds(1));
        assertNotNull(tdeApi.modifyInstanceTde(enable(REGION, id), Deadlines.unhurried()).backendRequestId());
    }

    @Test
    void enablingAgainAfterTheTaskSucceedsAndChangesNothing() throws TdeApiException {
        String id = newInstance(true);
        ModifyTdeResult first = tdeApi.modifyInstanceTde(
                new ModifyTdeCommand(REGION, id, TdeStatus.ENABLED, null, KEY_ID, ROLE_ARN), Deadlines.unhurried());
        InstanceState afterFirst = state(id);
        clock.advance(SimulatorTestProfile.TASK_DURATION);

        ModifyTdeResult second = tdeApi.modifyInstanceTde(
                new ModifyTdeCommand(REGION, id, TdeStatus.ENABLED, "SM4-128", "another-key", null), Deadlines.unhurried());

        assertNotEquals(first.backendRequestId(), second.backendRequestId());
        assertEquals(afterFirst, state(id));
        assertEquals(2, calls.countAccepted(id));
        assertEquals(1, calls.countChanged(id));
    }

    @Test
    void tdeCannotBeDisabledOnceEnabled() throws TdeApiException {
        String id = newInstance(true);
        tdeApi.modifyInstanceTde(enable(REGION, id), Deadlines.unhurried());
        clock.advance(SimulatorTestProfile.TASK_DURATION);

        TdeApiException rejected = assertRejected(400, "InvalidParameter", () -> tdeApi.modifyInstanceTde(
                new ModifyTdeCommand(REGION, id, TdeStatus.DISABLED, null, null, null), Deadlines.unhurried()));

        assertEquals("TDE cannot be disabled once enabled.", rejected.getMessage());
        assertEquals(TdeStatus.ENABLED, tdeApi.describeInstanceTdeStatus(REGION, id).tdeStatus());
    }

    @Test
    void acceptsEnabledAsTheOnlyTdeStatus() {
        String id = newInstance(true);
        for (String tdeStatus : new String[] { TdeStatus.DISABLED, "enabled", "", null }) {
            TdeApiException rejected = assertRejected(400, "InvalidParameter", () -> tdeApi.modifyInstanceTde(
                    new ModifyTdeCommand(REGION, id, tdeStatus, null, null, null), Deadlines.unhurried()));
            assertEquals("The specified parameter TDEStatus is not valid: the only valid value is Enabled.",
                    rejected.getMessage());
        }
        InstanceState state = state(id);
        assertEquals(TdeStatus.DISABLED, state.tdeStatus());
        assertNull(state.taskEndsAt());
    }

    @Test
    void describeChecksTheInstanceIdAsModifyDoes() throws TdeApiException {
        String id = newInstance(true);

        assertRejected(400, "InvalidInstanceName.Malformed", () -> tdeApi.describeInstanceTdeStatus(REGION, "r-"));
        assertRejected(404, "InvalidInstanceId.NotFound",
                () -> tdeApi.describeInstanceTdeStatus(REGION, newInstanceId()));
        assertRejected(404, "InvalidInstanceId.NotFound", () -> tdeApi.describeInstanceTdeStatus("cn-beijing", id));

        var status = tdeApi.describeInstanceTdeStatus(REGION, id);
        assertEquals(TdeStatus.DISABLED, status.tdeStatus());
        assertTrue(status.backendRequestId().matches(REQUEST_ID_SHAPE), status.backendRequestId());
    }

    @Test
    void logsEveryCallWithItsAnswer() throws TdeApiException {
        String id = newInstance(true);
        ModifyTdeResult accepted = tdeApi.modifyInstanceTde(
                new ModifyTdeCommand(REGION, id, TdeStatus.ENABLED, null, KEY_ID, ROLE_ARN), Deadlines.unhurried());
        TdeApiException rejected = assertRejected(400, "TaskExists",
                () -> tdeApi.modifyInstanceTde(enable(REGION, id), Deadlines.unhurried()));

        List<RecordedCall> log = calls.calls(id);

        assertEquals(2, calls.count(id));
        assertEquals(1, calls.countAccepted(id));
        assertEquals(2, log.size());
        RecordedCall first = log.get(0);
        assertAll(
                () -> assertEquals(accepted.backendRequestId(), first.backendRequestId()),
                () -> assertTrue(first.accepted()),
                () -> assertTrue(first.changed()),
                () -> assertNull(first.errorCode()),
                () -> assertEquals(KEY_ID, first.encryptionKey()),
                () -> assertEquals(ROLE_ARN, first.roleArn()),
                () -> assertNull(first.encryptionName()));
        RecordedCall second = log.get(1);
        assertAll(
                () -> assertEquals(rejected.backendRequestId(), second.backendRequestId()),
                () -> assertFalse(second.accepted()),
                () -> assertFalse(second.changed()),
                () -> assertEquals("TaskExists", second.errorCode()));
    }

    @Test
    void concurrentEnablesOnOneInstanceAcceptExactlyOne() throws Exception {
        String id = newInstance(true);
        int threads = 10;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<String>> answers = new ArrayList<>();
        try {
            Callable<String> enableOnSignal = () -> {
                start.await();
                try {
                    tdeApi.modifyInstanceTde(enable(REGION, id), Deadlines.unhurried());
                    return "accepted";
                } catch (TdeApiException e) {
                    return e.code();
                }
            };
            for (int i = 0; i < threads; i++) {
                answers.add(pool.submit(enableOnSignal));
            }
            start.countDown();
            List<String> codes = new ArrayList<>();
            for (Future<String> answer : answers) {
                codes.add(answer.get(60, TimeUnit.SECONDS));
            }
            assertEquals(1, codes.stream().filter("accepted"::equals).count(), codes.toString());
            assertEquals(threads - 1, codes.stream().filter("TaskExists"::equals).count(), codes.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads, calls.count(id));
        assertEquals(1, calls.countAccepted(id));
        assertEquals(1, calls.countChanged(id));
    }

    @Test
    void aLostResponseLeavesTheCallInDoubtWithTheChangeApplied() throws TdeApiException {
        String id = newInstance(true);
        faults.failNextCall(id, InjectedFault.RESPONSE_LOST);

        TdeApiException timedOut = assertThrows(TdeApiException.class,
                () -> tdeApi.modifyInstanceTde(enable(REGION, id), Deadlines.unhurried()));

        assertAll(
                () -> assertEquals(Certainty.IN_DOUBT, timedOut.certainty()),
                () -> assertEquals("SDK.ReadTimeout", timedOut.code()),
                () -> assertNull(timedOut.backendRequestId()));
        assertEquals(TdeStatus.ENABLED, tdeApi.describeInstanceTdeStatus(REGION, id).tdeStatus());
        RecordedCall logged = calls.calls(id).get(0);
        assertTrue(logged.accepted());
        assertTrue(logged.responseLost());
    }

    @Test
    void aLostRequestLeavesTheCallInDoubtWithNothingChanged() {
        String id = newInstance(true);
        faults.failNextCall(id, InjectedFault.REQUEST_LOST);

        TdeApiException timedOut = assertThrows(TdeApiException.class,
                () -> tdeApi.modifyInstanceTde(enable(REGION, id), Deadlines.unhurried()));

        assertEquals(Certainty.IN_DOUBT, timedOut.certainty());
        assertEquals(TdeStatus.DISABLED, state(id).tdeStatus());
        assertEquals(0, calls.count(id));
    }

    @Test
    void anInjectedFaultHitsOnlyTheNextCall() throws TdeApiException {
        String id = newInstance(true);
        faults.failNextCall(id, InjectedFault.REQUEST_LOST);
        assertThrows(TdeApiException.class, () -> tdeApi.modifyInstanceTde(enable(REGION, id), Deadlines.unhurried()));

        assertNotNull(tdeApi.modifyInstanceTde(enable(REGION, id), Deadlines.unhurried()).backendRequestId());

        assertEquals(TdeStatus.ENABLED, state(id).tdeStatus());
        assertEquals(1, calls.count(id));
    }

    @Test
    void theChangeCommitsEvenWhenTheCallersTransactionRollsBack() throws Exception {
        String id = newInstance(true);

        callerTransaction.begin();
        try {
            tdeApi.modifyInstanceTde(enable(REGION, id), Deadlines.unhurried());
        } finally {
            callerTransaction.rollback();
        }

        assertEquals(TdeStatus.ENABLED, state(id).tdeStatus());
        assertEquals(1, calls.countAccepted(id));
    }

    private static ModifyTdeCommand enable(String regionId, String instanceId) {
        return new ModifyTdeCommand(regionId, instanceId, TdeStatus.ENABLED, null, null, null);
    }

    private static TdeApiException assertRejected(int httpStatus, String code, Executable call) {
        TdeApiException rejected = assertThrows(TdeApiException.class, call);
        assertAll(
                () -> assertEquals(code, rejected.code()),
                () -> assertEquals(httpStatus, rejected.httpStatus()),
                () -> assertEquals(Certainty.REJECTED, rejected.certainty()),
                () -> assertTrue(rejected.backendRequestId().matches(REQUEST_ID_SHAPE)));
        return rejected;
    }

    private static String newInstanceId() {
        return "r-t" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    private String newInstance(boolean supportsTde) {
        String id = newInstanceId();
        instances.create(id, REGION, supportsTde ? "7.0" : "4.0", supportsTde);
        return id;
    }

    private InstanceState state(String instanceId) {
        return instances.find(instanceId).orElseThrow();
    }
}
