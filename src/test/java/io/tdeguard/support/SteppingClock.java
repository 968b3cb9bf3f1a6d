package io.tdeguard.support;

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
 * The function's clock ({@code io.tdeguard.web.Clocks}) in a test profile that enables it: it stands still until a
 * test advances it, so that what depends on elapsed time (reconciliation's age and backoff) happens when the test says,
 * however long the machine takes. It starts at the real time, so signatures dated now stay fresh while it is advanced
 * by seconds.
 */
@Alternative
@Singleton
public class SteppingClock extends Clock {

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
        throw new UnsupportedOperationException("the function reads instants only");
    }
}
