package io.tdeguard.config;

import java.util.List;
import java.util.Set;

import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Which configuration profiles are development setups. Production is every other profile, whatever its name
 * ({@code prod}, {@code staging}, {@code production-eu}), and any mix of profiles that names one of those
 * ({@code prod,local}): a start is trusted with unsafe defaults (migrating at start, the simulator, demo data, a
 * privileged database role) only when every profile it runs is named here.
 */
public final class Profiles {

    /** Quarkus's {@code dev}, the README's {@code local} run, and the test suite's {@code test}. */
    public static final Set<String> DEVELOPMENT = Set.of("dev", "local", "test");

    private Profiles() {
    }

    /** False only when every active profile is a {@link #DEVELOPMENT} profile. */
    public static boolean production() {
        List<String> profiles = ConfigUtils.getProfiles();
        return profiles.isEmpty() || !DEVELOPMENT.containsAll(profiles);
    }
}
