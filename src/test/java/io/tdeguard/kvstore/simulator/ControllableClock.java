package io.tdeguard.kvstore.simulator;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import io.tdeguard.support.SteppingClock;

/**
 * The simulator's clock in tests that select it ({@link SimulatorTestProfile}): it stands still until a test
 * advances it, so that a task ends exactly when the test says, without sleeping.
 */
@Alternative
@Singleton
@SimulatorClock
public class ControllableClock extends SteppingClock {
}
