package io.tdeguard.startup;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.tdeguard.config.StartupCommand;
import io.tdeguard.web.EarlyRefusals;

/**
 * The packaged application's entry point. Without arguments it serves the functions; {@code migrate} applies the
 * Flyway migrations with the configured (owner's) credentials and exits, 0 on success:
 * {@code java -Dquarkus.profile=prod -jar quarkus-run.jar migrate}.
 */
@QuarkusMain
public final class TdeGuardMain {

    private TdeGuardMain() {
    }

    public static void main(String... args) {
        // Before Quarkus starts: its own check of the request URI answers an empty 400 that nothing records; the
        // function's check (io.tdeguard.web.EarlyRefusals) answers and records it instead.
        System.setProperty(EarlyRefusals.QUARKUS_URI_CHECK, "true");
        if (args.length > 0 && StartupCommand.MIGRATE.equals(args[0])) {
            StartupCommand.enterMigrate();
            Quarkus.run(MigrateCommand.class, args);
        } else {
            Quarkus.run(args);
        }
    }
}
