package io.tdeguard.audit;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;

/** LookupEvents for auditors: a required bounded range, filters, newest first, keyset pages. */
@QuarkusTest
class LookupEventsTest {

    Identity auditor;
    Identity actor;

    @BeforeEach
    void identities() {
        auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);
        actor = Fixtures.userWithPolicy("actor", """
                {"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:CreateGroup","Resource":"*"}]}""");
    }

    @Test
    void pagesThroughOnePrincipalsEventsNewestFirstWithoutRepeatsOrGaps() {
        List<String> requestIds = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Response created = SignedClient.call(actor, "CreateGroup", Map.of("GroupName", Fixtures.unique("g"))).send();
            created.then().statusCode(200);
            requestIds.add(0, created.path("RequestId"));
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Map<String, Object> query = Fixtures.recent(Map.of("Principal", actor.userName(), "MaxResults", 3));
            if (token != null) {
                query.put("NextToken", token);
            }
            Response page = SignedClient.call(auditor, "LookupEvents", query).send();
            page.then().statusCode(200);
            List<Map<String, Object>> events = page.path("Events");
            events.forEach(e -> seen.add((String) e.get("requestId")));
            token = page.path("NextToken");
            pages++;
        } while (token != null);
        assertEquals(requestIds, seen, "newest first, each event once");
        assertEquals(3, pages);
    }

    @Test
    void filtersByRequestIdOutcomeAndEventName() {
        Response created = SignedClient.call(actor, "CreateGroup", Map.of("GroupName", Fixtures.unique("g"))).send();
        String requestId = created.path("RequestId");
        Response found = SignedClient.call(auditor, "LookupEvents", Fixtures.recent(Map.of("RequestId", requestId,
                "EventName", "CreateGroup", "Outcome", "Succeeded"))).send();
        found.then().statusCode(200).body("Events", hasSize(1)).body("Events[0].requestId", equalTo(requestId));
        assertNull(found.path("NextToken"));
        SignedClient.call(auditor, "LookupEvents", Fixtures.recent(Map.of("RequestId", requestId, "Outcome", "Denied")))
                .send().then().statusCode(200).body("Events", hasSize(0));
    }

    @Test
    void filtersByApprovalId() {
        Identity requester = Fixtures.userWithPolicy("requester", Fixtures.REQUESTER_POLICY);
        String approvalId = Fixtures.requestApproval(requester, Map.of("InstanceId", "r-lookupapproval001", "TDEStatus", "Enabled"));
        Response found = SignedClient.call(auditor, "LookupEvents", Fixtures.recent(Map.of("ApprovalId", approvalId))).send();
        found.then().statusCode(200).body("Events", hasSize(1)).body("Events[0].eventName", equalTo("CreateApproval"));
    }

    @Test
    void requiresABoundedTimeRange() {
        Map<String, Object> noStart = new HashMap<>(Fixtures.recent(Map.of()));
        noStart.remove("StartTime");
        SignedClient.call(auditor, "LookupEvents", noStart).send().then().statusCode(400)
                .body("Code", equalTo("MissingParameter"));
        SignedClient.call(auditor, "LookupEvents", Map.of("StartTime", "2026-01-01T00:00:00Z",
                "EndTime", "2026-06-01T00:00:00Z")).send().then().statusCode(400)
                .body("Code", equalTo("InvalidParameter"));
        SignedClient.call(auditor, "LookupEvents", Map.of("StartTime", "2026-06-01T00:00:00Z",
                "EndTime", "2026-06-01T00:00:00Z")).send().then().statusCode(400)
                .body("Code", equalTo("InvalidParameter"));
        SignedClient.call(auditor, "LookupEvents", Fixtures.recent(Map.of("MaxResults", 101))).send().then()
                .statusCode(400).body("Code", equalTo("InvalidParameter"));
        SignedClient.call(auditor, "LookupEvents", Fixtures.recent(Map.of("NextToken", "bm90LWEtdG9rZW4"))).send()
                .then().statusCode(400).body("Code", equalTo("InvalidParameter"));
        SignedClient.call(auditor, "LookupEvents", Fixtures.recent(Map.of("Outcome", "Maybe"))).send().then()
                .statusCode(400).body("Code", equalTo("InvalidParameter"));
    }

    @Test
    void answersWithTheLeafDataOfSequencedEventsTheirInclusionProofsVerify() {
        io.tdeguard.support.LogProofs.sequence(auditor);
        Response page = SignedClient.call(auditor, "LookupEvents", Fixtures.recent(Map.of("MaxResults", 5))).send();
        page.then().statusCode(200);
        List<Map<String, Object>> events = page.path("Events");
        assertTrue(!events.isEmpty());
        events.stream().filter(event -> event.get("LeafIndex") != null)
                .forEach(event -> io.tdeguard.support.LogProofs.assertIncluded(auditor, event));
        assertTrue(events.stream().anyMatch(event -> event.get("LeafIndex") != null), events.toString());
    }
}
