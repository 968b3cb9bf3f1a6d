package io.tdeguard.kvstore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The instant by which a ModifyInstanceTDE must have ended: its intent's recorded time plus the backend's
 * {@link TdeApi#longestChange()}. A reconciler may settle the intent once it is older than
 * {@code tdeguard.audit.reconcile.after}, which exceeds that bound, so a change sent later could happen after the
 * reconciler took it for one that did not: it is never sent.
 *
 * @param at    the deadline, on {@code clock}
 * @param clock the function's clock, from which the intent's time and the reconciler's age are read too
 */
public record ChangeDeadline(Instant at, Clock clock) {

    /** The code of a change that was not sent because it could no longer end in time. */
    public static final String PASSED = "TdeGuard.ChangeDeadlinePassed";

    /**
     * Lets a step that leads to the change start only if it can end by the deadline.
     *
     * @param step        what is about to start, for the message (e.g. {@code ModifyInstanceTDE})
     * @param longestStep the longest the step can last (a send: its connect and read timeouts; a pre-check: zero)
     * @throws TdeApiException {@link TdeApiException.Certainty#REJECTED} with {@link #PASSED} and status 503 when it
     *         cannot: nothing was sent, so the change surely did not happen
     */
    public void check(String step, Duration longestStep) throws TdeApiException {
        Instant now = clock.instant();
        if (now.plus(longestStep).isAfter(at)) {
            throw TdeApiException.rejected(PASSED, 503, "the change could not end by its deadline " + at + " (now "
                    + now + ", " + step + " may last " + longestStep + "): " + step + " was not started, and "
                    + "ModifyInstanceTDE was not sent", null);
        }
    }
}
