package io.tdeguard.function;

import java.util.Map;

import io.quarkus.funqy.Funq;
import io.tdeguard.application.tde.InDoubtReconciler;
import io.tdeguard.web.CurrentRequest;

/** Settles in-doubt TDE changes now, rather than at the next scheduled run. */
public class ReconcileFunctions {

    private final InDoubtReconciler reconciler;
    private final CurrentRequest request;

    ReconcileFunctions(InDoubtReconciler reconciler, CurrentRequest request) {
        this.reconciler = reconciler;
        this.request = request;
    }

    @Funq("ReconcileInDoubtChanges")
    public InDoubtReconciler.Result reconcileInDoubtChanges(Map<String, Object> members) {
        return reconciler.reconcileNow(request.facts(), members);
    }
}
