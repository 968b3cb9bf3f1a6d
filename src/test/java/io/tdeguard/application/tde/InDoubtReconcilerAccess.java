package io.tdeguard.application.tde;

/** The reconciler's batch size, for tests in other packages. */
public final class InDoubtReconcilerAccess {

    public static final int BATCH = InDoubtReconciler.BATCH;

    private InDoubtReconcilerAccess() {
    }
}
