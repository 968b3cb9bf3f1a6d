package io.tdeguard.kvstore.simulator;

/**
 * A network failure the simulator plays on the next ModifyInstanceTDE call for an instance (test fixture, see
 * {@link SimulatorFaults}). Either way the caller gets an {@code IN_DOUBT} timeout; they differ in what
 * happened at the service, which is what a reconciliation must find out.
 */
public enum InjectedFault {
    /** The request never reached the service: nothing changed and the call is not in the call log. */
    REQUEST_LOST,
    /** The service processed the request (and logged it) but its response never arrived. */
    RESPONSE_LOST
}
