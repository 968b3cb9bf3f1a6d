package io.tdeguard.support.emulator;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The openapi backend against the {@link KvstoreEmulator}: short timeouts and backoff, so that in-doubt and retry
 * paths run fast. The emulator stalls a faulted call longer than the read timeout. The function runs as on Function
 * Compute (its environment's FC_* variables), where the x-fc-* credential headers of a request sign outbound calls.
 */
public class OpenApiTestProfile implements QuarkusTestProfile {

    public static final String READ_TIMEOUT = "PT1S";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "tdeguard.tde.backend", "openapi",
                "tdeguard.openapi.read-timeout", READ_TIMEOUT,
                "tdeguard.openapi.connect-timeout", "PT1S",
                "tdeguard.openapi.retry.max-attempts", "3",
                "tdeguard.openapi.retry.backoff", "PT0.02S",
                // Above the longest a change can run with these timeouts (InDoubtReconciler checks it at start).
                "tdeguard.audit.reconcile.after", "PT30S",
                "FC_FUNCTION_NAME", "tde-guard",
                "FC_REGION", "cn-hangzhou",
                "FC_ACCOUNT_ID", "1234567890123456");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(EmulatorResource.class));
    }
}
