package io.tdeguard.support;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.lookup.LookupIfProperty;
import io.tdeguard.kvstore.ChangeDeadline;
import io.tdeguard.kvstore.ModifyTdeCommand;
import io.tdeguard.kvstore.ModifyTdeResult;
import io.tdeguard.kvstore.TdeApiException;
import io.tdeguard.kvstore.TdeBackend;
import io.tdeguard.kvstore.simulator.SimulatedTdeApi;

/**
 * The simulator backend ({@link SimulatedTdeApi}) with a delay a test injects: a held ModifyInstanceTDE waits, before
 * it is sent or on its way to the service (the service has not seen it yet), until the test releases it. Test scope only, selected by {@code tdeguard.tde.backend=delayed-simulator}: no production build has it.
 */
@ApplicationScoped
@TdeBackend
@LookupIfProperty(name = TdeBackend.PROPERTY, stringValue = DelayedSimulator.NAME)
public class DelayedSimulator extends SimulatedTdeApi {

    public static final String NAME = "delayed-simulator";
    /** The longest this backend says a change runs, which tdeguard.audit.reconcile.after must exceed. */
    public static final Duration LONGEST_CHANGE = Duration.ofSeconds(4);
    /** A hold no test releases ends by itself, so that no request thread waits for ever. */
    private static final Duration MAX_HOLD = Duration.ofMinutes(1);

    private final Map<String, Hold> beforeSend = new ConcurrentHashMap<>();
    private final Map<String, Hold> inFlight = new ConcurrentHashMap<>();

    /** A held call: it has arrived once the intent is committed and the call made; it goes on when released. */
    public static final class Hold {
        private final CountDownLatch arrived = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile boolean timesOut;

        /** Waits until the held call has been made. */
        public void awaitArrival() throws InterruptedException {
            if (!arrived.await(MAX_HOLD.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("the held ModifyInstanceTDE was never made");
            }
        }

        public void release() {
            released.countDown();
        }

        /** Releases the call with no answer: it ends as a read timeout does, in doubt. */
        public void timeOut() {
            timesOut = true;
            released.countDown();
        }
    }

    /**
     * Holds the next ModifyInstanceTDE of the instance before it is sent, as a frozen or stalled function instance
     * would: once released, it is sent only if its deadline still allows it.
     */
    public Hold holdNextChange(String instanceId) {
        Hold hold = new Hold();
        beforeSend.put(instanceId, hold);
        return hold;
    }

    /**
     * Holds the next ModifyInstanceTDE of the instance once sent, on its way to the service (which has not seen it
     * yet), as a network would, or a freeze between the deadline's check and the send: once released, it reaches the
     * service whatever the time.
     */
    public Hold holdNextChangeInFlight(String instanceId) {
        Hold hold = new Hold();
        inFlight.put(instanceId, hold);
        return hold;
    }

    @Override
    public ModifyTdeResult modifyInstanceTde(ModifyTdeCommand command, ChangeDeadline deadline) throws TdeApiException {
        wait(beforeSend.remove(command.instanceId()));
        return super.modifyInstanceTde(command, deadline);
    }

    @Override
    protected ModifyTdeResult send(ModifyTdeCommand command) throws TdeApiException {
        wait(inFlight.remove(command.instanceId()));
        return super.send(command);
    }

    private static void wait(Hold hold) throws TdeApiException {
        if (hold == null) {
            return;
        }
        hold.arrived.countDown();
        try {
            hold.released.await(MAX_HOLD.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while held", e);
        }
        if (hold.timesOut) {
            throw TdeApiException.timedOut("no answer while held", null);
        }
    }

    @Override
    public Duration longestChange() {
        return LONGEST_CHANGE;
    }
}
