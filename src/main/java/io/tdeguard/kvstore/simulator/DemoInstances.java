package io.tdeguard.kvstore.simulator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.tdeguard.config.Profiles;
import io.tdeguard.config.StartupCommand;
import io.tdeguard.kvstore.TdeBackend;

/**
 * The instances the simulator knows from the start, with stable ids for walkthroughs and tests. Seeding is
 * idempotent and never resets an existing instance (one enabled in an earlier run stays enabled).
 */
@ApplicationScoped
public class DemoInstances {

    public static final String REGION_ID = "cn-hangzhou";
    /** Supports TDE (engine 7.0). */
    public static final String TDE_SUPPORTED = "r-demotdesupported01";
    /** Supports TDE (engine 6.0): a second one, so that a walkthrough can enable one and still show another. */
    public static final String TDE_SUPPORTED_SECOND = "r-demotdesupported02";
    /** An old engine (4.0) without TDE support: ModifyInstanceTDE answers {@code IncorrectEngineVersion}. */
    public static final String TDE_UNSUPPORTED = "r-demotdeunsupported01";

    @ConfigProperty(name = TdeBackend.PROPERTY, defaultValue = "simulator")
    String backendName;

    void seed(@Observes StartupEvent startup) {
        // Never into a production database, even with a simulated production (tdeguard.simulator.allow-in-prod); and
        // decided before any transaction, which a production start need not open.
        if (!"simulator".equals(backendName) || Profiles.production() || StartupCommand.migrating()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(DemoInstances::insert);
    }

    private static void insert() {
        // ON CONFLICT: several function instances may start at once.
        SimInstance.getEntityManager().createNativeQuery("""
                insert into sim_instance (instance_id, region_id, engine_version, supports_tde)
                values (?1, ?4, '7.0', true), (?2, ?4, '6.0', true), (?3, ?4, '4.0', false)
                on conflict (instance_id) do nothing
                """)
                .setParameter(1, TDE_SUPPORTED)
                .setParameter(2, TDE_SUPPORTED_SECOND)
                .setParameter(3, TDE_UNSUPPORTED)
                .setParameter(4, REGION_ID)
                .executeUpdate();
    }
}
