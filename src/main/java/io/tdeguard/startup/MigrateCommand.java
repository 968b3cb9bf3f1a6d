package io.tdeguard.startup;

import jakarta.inject.Inject;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.jboss.logging.Logger;

import io.quarkus.runtime.QuarkusApplication;
import io.tdeguard.config.StartupCommand;

/**
 * {@code migrate}: by the time this runs, Flyway has applied the migrations at start
 * ({@code StartupCommand.enterMigrate()}); a failed migration stops the start with exit code 1 before it. Reports the
 * schema's version and exits with 0.
 */
public class MigrateCommand implements QuarkusApplication {

    private static final Logger LOG = Logger.getLogger(MigrateCommand.class);

    @Inject
    Flyway flyway;

    @Override
    public int run(String... args) {
        MigrationInfo current = flyway.info().current();
        LOG.infof("the database schema is at version %s: migrations applied",
                current == null ? "(none)" : current.getVersion());
        return 0;
    }
}
