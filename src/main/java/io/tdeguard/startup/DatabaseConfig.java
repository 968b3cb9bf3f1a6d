package io.tdeguard.startup;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What the function accepts of its database role (DESIGN.md §3, {@link ProductionGuard}). */
@ConfigMapping(prefix = "tdeguard.database")
public interface DatabaseConfig {

    /**
     * Accepts a role that is a superuser or owns the audit log's tables (it could disable their append-only
     * triggers): a development setup only. Off by default, on in the local and test profiles.
     */
    @WithDefault("false")
    boolean allowPrivilegedRole();
}
