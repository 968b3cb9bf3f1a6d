package io.tdeguard.function;

import io.quarkus.funqy.Funq;
import io.tdeguard.application.tde.InDoubtReconciler;

/** Settles in-doubt TDE changes now, rather than at the next scheduled run. */
public class ReconcileFunctions {

    private final InDoubtReconciler reconciler;

    ReconcileFunctions(InDoubtReconciler reconciler) {
        this.reconciler = reconciler;
    }

    @Funq("ReconcileInDoubtChanges")
    public InDoubtReconciler.Result reconcileInDoubtChanges(AuditFunctions.NoParameters input) {
        return reconciler.reconcileNow();
    }
}
