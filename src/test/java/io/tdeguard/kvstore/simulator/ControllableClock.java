package io.tdeguard.kvstore.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/**
 * The simulator's clock in tests that select it ({@link SimulatorTestProfile}): it stands still until a test
 * advances it, so that a task ends exactly when the test says, without sleeping.
 */
@Alternative
@Singleton
@SimulatorClock
public class ControllableClock extends Clock {

    // PostgreSQL keeps microseconds: a finer instant would not survive a round trip.
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.MICROS));

    public void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the simulator reads instants only");
    }
}
