package io.tdeguard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import io.restassured.response.Response;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;

/** What the audit log recorded as the source of a request, read with LookupEvents. */
final class ProxyAssertions {

    private ProxyAssertions() {
    }

    static void recordedSource(String requestId, String expected) {
        Response page = SignedClient.call(Identity.ADMIN, "LookupEvents",
                Fixtures.recent(Map.of("RequestId", requestId, "MaxResults", 10))).send();
        page.then().statusCode(200);
        List<Map<String, Object>> events = page.path("Events");
        assertEquals(1, events.size(), events.toString());
        assertEquals(expected, events.get(0).get("sourceIpAddress"));
    }
}
