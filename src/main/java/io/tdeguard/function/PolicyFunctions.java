package io.tdeguard.function;

import io.quarkus.funqy.Funq;
import io.tdeguard.application.identity.PolicySimulation;

/** Policy authoring: test a policy before attaching it. */
public class PolicyFunctions {

    private final PolicySimulation simulation;

    PolicyFunctions(PolicySimulation simulation) {
        this.simulation = simulation;
    }

    @Funq("SimulatePolicy")
    public PolicySimulation.Result simulatePolicy(PolicySimulation.SimulationRequest input) {
        return simulation.simulate(input == null ? new PolicySimulation.SimulationRequest(null, null, null, null) : input);
    }
}
