package io.tdeguard.support.emulator;

import java.util.Map;

import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.tdeguard.kvstore.simulator.SimulatedService;

/**
 * Starts a {@link KvstoreEmulator} before the application, points the openapi backend at it, and gives the
 * backend a static AccessKey the emulator knows. The emulator reaches the simulator's state machine through the
 * running application's container, at request time.
 */
public class EmulatorResource implements QuarkusTestResourceLifecycleManager {

    /** The static AccessKey of the function's outbound calls in the tests. */
    public static final String GUARD_ACCESS_KEY_ID = "LTAIguardOutbound000001";
    public static final String GUARD_ACCESS_KEY_SECRET = "guard-outbound-secret-0123456789";

    /** STS credentials a Function Compute runtime would pass in x-fc-* headers. */
    public static final String FC_ACCESS_KEY_ID = "STS.fcRoleTempKey000001";
    public static final String FC_ACCESS_KEY_SECRET = "fc-role-temporary-secret-abcdefgh";
    public static final String FC_SECURITY_TOKEN = "CAIS-fc-role-security-token-0123456789abcdef";

    /** A customer's own AccessKey, as an official SDK calling the service directly would use. */
    public static final String SDK_ACCESS_KEY_ID = "LTAIsdkCustomer00000001";
    public static final String SDK_ACCESS_KEY_SECRET = "sdk-customer-secret-0123456789";

    private static volatile KvstoreEmulator current;

    private KvstoreEmulator emulator;

    /** The emulator of the running test application. */
    public static KvstoreEmulator emulator() {
        if (current == null) {
            throw new IllegalStateException("no emulator runs: the test needs OpenApiTestProfile");
        }
        return current;
    }

    @Override
    public Map<String, String> start() {
        try {
            emulator = KvstoreEmulator.start(() -> Arc.container().instance(SimulatedService.class).get())
                    .addAccessKey(GUARD_ACCESS_KEY_ID, GUARD_ACCESS_KEY_SECRET)
                    .addAccessKey(SDK_ACCESS_KEY_ID, SDK_ACCESS_KEY_SECRET)
                    .addStsCredentials(FC_ACCESS_KEY_ID, FC_ACCESS_KEY_SECRET, FC_SECURITY_TOKEN);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("could not start the R-kvstore emulator", e);
        }
        current = emulator;
        return Map.of(
                "tdeguard.openapi.endpoint", emulator.endpoint().toString(),
                "tdeguard.openapi.access-key-id", GUARD_ACCESS_KEY_ID,
                "tdeguard.openapi.access-key-secret", GUARD_ACCESS_KEY_SECRET);
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.close();
        }
        current = null;
    }
}
