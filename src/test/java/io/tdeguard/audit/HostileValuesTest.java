package io.tdeguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;

/**
 * What a caller sends cannot keep its attempt out of the trail: integers beyond what canonical JSON holds exactly,
 * lone surrogates and ids of any length are recorded (as text, replaced or cut), so each refusal leaves its event.
 */
@QuarkusTest
class HostileValuesTest {

    @Test
    void refusalsCarryingHostileValuesAreRecordedEachOnce() {
        Identity nobody = Fixtures.userWithPolicy("nobody", null);
        Identity auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);
        Map<String, Object> hugeOwner = new LinkedHashMap<>();
        hugeOwner.put("InstanceId", "r-hostile00000001");
        hugeOwner.put("TDEStatus", "Enabled");
        hugeOwner.put("OwnerId", 9007199254740993L);
        List<Response> refusals = List.of(
                SignedClient.call(nobody, "ModifyInstanceTDE", hugeOwner).send(),
                SignedClient.call(nobody, "ApproveApproval",
                        Map.of("ApprovalId", "apv-000000000000000000000000", "Comment", "\ud800")).send(),
                SignedClient.call(nobody, "ModifyInstanceTDE",
                        Map.of("InstanceId", "r-" + "\udc00x".repeat(2400), "TDEStatus", "Enabled")).send(),
                SignedClient.call(nobody, "CreateApproval", Map.of("Action", "kvstore:ModifyInstanceTDE",
                        "Parameters", Map.of("InstanceId", "r-hostile00000001"), "Reason", "x",
                        "ExpiresInSeconds", new java.math.BigInteger("1180591620717411303424"))).send());

        for (Response refusal : refusals) {
            int status = refusal.statusCode();
            assertEquals(4, status / 100, refusal.asString());
            Response found = SignedClient.call(auditor, "LookupEvents",
                    Fixtures.recent(Map.of("RequestId", refusal.path("RequestId")))).send();
            found.then().statusCode(200);
            List<Map<String, Object>> events = found.path("Events");
            assertEquals(1, events.size(), "one event for " + refusal.asString() + ": " + events);
        }
    }
}
