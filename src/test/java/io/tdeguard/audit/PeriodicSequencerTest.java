package io.tdeguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;

/**
 * The sequencer's own timer: with a period under Quarkus's one-second scheduler tick, a stored event gets its leaf
 * index without anyone asking for a checkpoint.
 */
@QuarkusTest
@TestProfile(PeriodicSequencerTest.Every200Millis.class)
class PeriodicSequencerTest {

    public static class Every200Millis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tdeguard.audit.sequencer.every", "0.2S");
        }
    }

    @Test
    void aStoredEventIsIntegratedWithoutAnOnDemandCheckpoint() throws InterruptedException {
        Identity auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);
        Response described = SignedClient.call(auditor, "DescribeAuditPublicKey", Map.of()).send();
        described.then().statusCode(200);
        String requestId = described.path("RequestId");

        Map<String, Object> event = null;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            Response page = SignedClient.call(auditor, "LookupEvents", Fixtures.recent(Map.of("RequestId", requestId)))
                    .send();
            page.then().statusCode(200);
            List<Map<String, Object>> events = page.path("Events");
            if (events.size() == 1 && events.get(0).get("LeafIndex") != null) {
                event = events.get(0);
                break;
            }
            Thread.sleep(100);
        }
        assertNotNull(event, "the event of " + requestId + " was never integrated by the periodic sequencer");
        assertEquals(requestId, event.get("requestId"));
    }
}
