package io.tdeguard.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.tdeguard.kvstore.ChangeDeadline;

/** Deadlines of changes that tests of a backend pass where the function passes its intent's. */
public final class Deadlines {

    private Deadlines() {
    }

    /** An hour away: the change is never held up by it. */
    public static ChangeDeadline unhurried() {
        return new ChangeDeadline(Instant.now().plus(Duration.ofHours(1)), Clock.systemUTC());
    }

    /** Already passed: nothing that leads to the change may start. */
    public static ChangeDeadline passed() {
        return new ChangeDeadline(Instant.now().minusSeconds(1), Clock.systemUTC());
    }
}
