package io.tdeguard.kvstore.simulator;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

@ApplicationScoped
class SimulatorClockProducer {

    @Produces
    @Singleton
    @SimulatorClock
    Clock systemClock() {
        return Clock.systemUTC();
    }
}
