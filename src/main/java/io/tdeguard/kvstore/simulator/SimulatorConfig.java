package io.tdeguard.kvstore.simulator;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "tdeguard.simulator")
public interface SimulatorConfig {

    /**
     * How long the modification task of an accepted ModifyInstanceTDE runs (ISO-8601); until it ends, further
     * calls for the instance get {@code TaskExists}.
     */
    @WithDefault("PT30S")
    Duration taskDuration();

    /**
     * Lets the prod profile run the simulator (a simulated production: no R-kvstore instance changes); without it a
     * prod start with the simulator stops (io.tdeguard.startup.ProductionGuard).
     */
    @WithDefault("false")
    boolean allowInProd();
}
