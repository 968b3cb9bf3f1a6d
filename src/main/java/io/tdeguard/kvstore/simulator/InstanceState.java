package io.tdeguard.kvstore.simulator;

import java.time.Instant;

/** A snapshot of a simulated instance, for tests and demos. */
public record InstanceState(String instanceId, String regionId, String engineVersion, boolean supportsTde,
        String tdeStatus, String encryptionName, String encryptionKeyId, String roleArn, Instant taskEndsAt) {
}
