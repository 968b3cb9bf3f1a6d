package io.tdeguard.config;

import java.util.Set;

import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Which configuration profiles are development setups. Production is every other profile, whatever its name
 * ({@code prod}, {@code staging}, {@code production-eu}): a profile is trusted with unsafe defaults (migrating at
 * start, the simulator, demo data, a privileged database role) only by being named here, never by being unnamed.
 */
public final class Profiles {

    /** Quarkus's {@code dev}, the README's {@code local} run, and the test suite's {@code test}. */
    public static final Set<String> DEVELOPMENT = Set.of("dev", "local", "test");

    private Profiles() {
    }

    /** True unless one of the active profiles is a {@link #DEVELOPMENT} profile. */
    public static boolean production() {
        return ConfigUtils.getProfiles().stream().noneMatch(DEVELOPMENT::contains);
    }
}
