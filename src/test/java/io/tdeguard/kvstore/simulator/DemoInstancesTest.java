package io.tdeguard.kvstore.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tdeguard.kvstore.ModifyTdeCommand;
import io.tdeguard.kvstore.TdeApi;
import io.tdeguard.kvstore.TdeApiException;
import io.tdeguard.kvstore.TdeStatus;
import io.tdeguard.support.Deadlines;

@QuarkusTest
@TestProfile(SimulatorTestProfile.class)
class DemoInstancesTest {

    @Inject
    SimulatorInstances instances;

    @Inject
    DemoInstances demoInstances;

    @Inject
    TdeApi tdeApi;

    @Test
    void twoInstancesSupportingTdeAreSeeded() {
        for (String id : new String[] { DemoInstances.TDE_SUPPORTED, DemoInstances.TDE_SUPPORTED_SECOND }) {
            InstanceState state = instances.find(id).orElseThrow();
            assertEquals(DemoInstances.REGION_ID, state.regionId());
            assertTrue(state.supportsTde(), id);
        }
        assertEquals("7.0", instances.find(DemoInstances.TDE_SUPPORTED).orElseThrow().engineVersion());
    }

    @Test
    void anOldEngineWithoutTdeSupportIsSeeded() {
        InstanceState state = instances.find(DemoInstances.TDE_UNSUPPORTED).orElseThrow();

        assertEquals("4.0", state.engineVersion());
        assertFalse(state.supportsTde());
        TdeApiException rejected = assertThrows(TdeApiException.class, () -> tdeApi.modifyInstanceTde(
                new ModifyTdeCommand(DemoInstances.REGION_ID, DemoInstances.TDE_UNSUPPORTED, TdeStatus.ENABLED,
                        null, null, null), Deadlines.unhurried()));
        assertEquals("IncorrectEngineVersion", rejected.code());
    }

    @Test
    void seedingAgainChangesNothing() {
        InstanceState before = instances.find(DemoInstances.TDE_SUPPORTED_SECOND).orElseThrow();

        demoInstances.seed(new StartupEvent());

        assertEquals(before, instances.find(DemoInstances.TDE_SUPPORTED_SECOND).orElseThrow());
    }
}
