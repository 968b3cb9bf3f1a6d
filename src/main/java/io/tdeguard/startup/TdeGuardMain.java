package io.tdeguard.startup;

import java.util.Arrays;
import java.util.List;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.tdeguard.config.StartupCommand;
import io.tdeguard.web.EarlyRefusals;

/**
 * The packaged application's entry point. Without arguments it serves the functions; {@code migrate} applies the
 * Flyway migrations with the configured (owner's) credentials and exits, 0 on success:
 * {@code java -Dquarkus.profile=prod -jar quarkus-run.jar migrate}. Anything else is refused with exit code 2 before
 * Quarkus starts: a mistyped command must neither serve nor migrate.
 */
@QuarkusMain
public final class TdeGuardMain {

    static final int USAGE = 2;

    private TdeGuardMain() {
    }

    public static void main(String... args) {
        List<String> command = Arrays.asList(args);
        // Before Quarkus starts: its own check of the request URI answers an empty 400 that nothing records; the
        // function's check (io.tdeguard.web.EarlyRefusals) answers and records it instead.
        System.setProperty(EarlyRefusals.QUARKUS_URI_CHECK, "true");
        if (command.isEmpty()) {
            Quarkus.run(args);
        } else if (command.equals(List.of(StartupCommand.MIGRATE))) {
            StartupCommand.enterMigrate();
            Quarkus.run(MigrateCommand.class, args);
        } else {
            // Standard error, not the logger: Quarkus has not set its logging up yet, and a logger would print nothing.
            System.err.println("tde-guard: unknown arguments " + command + "; usage: quarkus-run.jar (serves the "
                    + "functions) | quarkus-run.jar " + StartupCommand.MIGRATE + " (applies the migrations and exits)");
            System.exit(USAGE);
        }
    }
}
