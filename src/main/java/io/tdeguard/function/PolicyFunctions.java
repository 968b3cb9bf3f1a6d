package io.tdeguard.function;

import java.util.Map;

import io.quarkus.funqy.Funq;
import io.tdeguard.application.identity.PolicySimulation;
import io.tdeguard.web.CurrentRequest;

/** Policy authoring: test a policy before attaching it. */
public class PolicyFunctions {

    private final PolicySimulation simulation;
    private final CurrentRequest request;

    PolicyFunctions(PolicySimulation simulation, CurrentRequest request) {
        this.simulation = simulation;
        this.request = request;
    }

    @Funq("SimulatePolicy")
    public PolicySimulation.Result simulatePolicy(Map<String, Object> members) {
        return simulation.simulate(request.facts(), members);
    }
}
