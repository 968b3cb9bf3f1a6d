package io.tdeguard.config;

/**
 * What this process was started for: serving the functions (the default), or the {@code migrate} command
 * (io.tdeguard.startup.TdeGuardMain). Here, below every package, so that the start-up observers of any package can
 * ask without depending on {@code io.tdeguard.startup}. The
 * command is kept in a system property, read by the few start-up observers that must not run while migrating.
 */
public final class StartupCommand {

    public static final String MIGRATE = "migrate";
    private static final String PROPERTY = "io.tdeguard.startup.command";

    private StartupCommand() {
    }

    /** True in the {@code migrate} command: no identities, no demo data, no serving. */
    public static boolean migrating() {
        return MIGRATE.equals(System.getProperty(PROPERTY));
    }

    /**
     * Sets up the migrate command's configuration before Quarkus reads it: system properties outrank the environment
     * and application.properties. Flyway migrates while the application starts (before Hibernate ORM validates the
     * schema), and nothing listens on the HTTP port.
     */
    public static void enterMigrate() {
        System.setProperty(PROPERTY, MIGRATE);
        System.setProperty("quarkus.flyway.active", "true");
        System.setProperty("quarkus.flyway.migrate-at-start", "true");
        System.setProperty("quarkus.http.host-enabled", "false");
    }
}
