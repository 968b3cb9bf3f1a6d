package io.tdeguard.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * Bodies that are not exactly one JSON object, signed like any call (the signature covers the raw bytes): each is
 * refused with InvalidParameter only once its caller is authenticated, and leaves exactly one event, by RequestId,
 * naming the caller and what the body held; unsigned, the refusal of the signature is recorded instead; and the log
 * verifies afterwards.
 */
@QuarkusTest
class UnreadableBodiesTest {

    static final List<String> FUNCTIONS = new ArrayList<>(HostileCorpusTest.FUNCTIONS);

    static {
        FUNCTIONS.add("ExportAuditTrail");
    }

    static final int KINDS_PER_FUNCTION = 4;

    /** Each kind of body Funqy's own parsing refused unrecorded, or read only in part. */
    static final Map<String, byte[]> BODIES = bodies();

    private static Map<String, byte[]> bodies() {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("cut off", utf8("{\"InstanceId\":"));
        bodies.put("trailing comma", utf8("{\"InstanceId\":\"r-1\",}"));
        bodies.put("lone surrogate escaped in a name", utf8("{\"\\ud800\":1}"));
        bodies.put("lone surrogate encoded in a name", bytes(utf8("{\""), new byte[] { (byte) 0xED, (byte) 0xA0,
                (byte) 0x80 }, utf8("\":1}")));
        bodies.put("a second object after the first", utf8("{\"InstanceId\":\"r-1\"} {\"TDEStatus\":\"Enabled\"}"));
        bodies.put("garbage after the object", utf8("{}garbage"));
        bodies.put("an array", utf8("[{\"InstanceId\":\"r-1\"}]"));
        bodies.put("a string", utf8("\"InstanceId\""));
        bodies.put("a number", utf8("42"));
        bodies.put("null", utf8("null"));
        bodies.put("whitespace only", utf8("  \n "));
        bodies.put("bytes that are no UTF-8", bytes(utf8("{\"Comment\":\""), new byte[] { (byte) 0xFF, (byte) 0xC3 },
                utf8("\"}")));
        bodies.put("a member named twice", utf8("{\"TDEStatus\":\"Disabled\",\"TDEStatus\":\"Enabled\"}"));
        bodies.put("an unescaped control character", utf8("{\"Comment\":\"a\u0001b\"}"));
        bodies.put("nesting beyond the parser's limit", utf8("{\"Deep\":" + "[".repeat(1500) + "]".repeat(1500) + "}"));
        bodies.put("a number beyond the parser's limit", utf8("{\"Big\":" + "9".repeat(1200) + "}"));
        return bodies;
    }

    /**
     * Every function, each with {@link #KINDS_PER_FUNCTION} kinds of body in turn, so that every kind meets several
     * functions (the body is read before any function runs; what differs by function is the use case that refuses
     * it), and every kind on the two functions with a path of their own (the two-phase change, the streamed export).
     */
    @Test
    void everyUnreadableBodyOnEveryFunctionIsRefusedAfterAuthenticationAndRecordedOnce() {
        Identity nobody = Fixtures.userWithPolicy("nobody", null);
        Identity auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);
        List<String> kinds = new ArrayList<>(BODIES.keySet());
        for (int f = 0; f < FUNCTIONS.size(); f++) {
            String function = FUNCTIONS.get(f);
            boolean everyKind = function.equals("ModifyInstanceTDE") || function.equals("ExportAuditTrail");
            for (int k = 0; k < (everyKind ? kinds.size() : KINDS_PER_FUNCTION); k++) {
                String kind = kinds.get((f * KINDS_PER_FUNCTION + k) % kinds.size());
                String attempt = function + " with " + kind;
                Response refused = SignedClient.callWithBody(nobody, function, BODIES.get(kind)).send();
                refused.then().statusCode(400).body("Code", equalTo("InvalidParameter"))
                        .body("Message", containsString("the request body is not a JSON object"));
                Map<String, Object> event = theOnlyEvent(auditor, refused, attempt);
                assertEquals(function, event.get("eventName"), attempt);
                assertEquals("Denied", event.get("outcome"), attempt);
                assertEquals("InvalidParameter", event.get("errorCode"), attempt);
                assertEquals(nobody.userName(), ((Map<?, ?>) event.get("userIdentity")).get("userName"), attempt);
                assertTrue(((Map<?, ?>) event.get("requestParameters")).get("RequestBody") instanceof String, attempt);
            }
        }
        verified();
    }

    @Test
    void whatTheBodyHeldIsRecordedAsTextWithBytesThatAreNoUtf8MarkedAsReplaced() {
        Identity nobody = Fixtures.userWithPolicy("nobody", null);
        Identity auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);

        Response twice = SignedClient.callWithBody(nobody, "CreateApproval", BODIES.get("a member named twice")).send();
        Response noUtf8 = SignedClient.callWithBody(nobody, "ApproveApproval", BODIES.get("bytes that are no UTF-8"))
                .send();

        twice.then().statusCode(400).body("Message", containsString("TDEStatus"));
        assertEquals("{\"TDEStatus\":\"Disabled\",\"TDEStatus\":\"Enabled\"}",
                ((Map<?, ?>) theOnlyEvent(auditor, twice, "twice").get("requestParameters")).get("RequestBody"));
        assertEquals("{\"Comment\":\"\uFFFD\uFFFD\"}",
                ((Map<?, ?>) theOnlyEvent(auditor, noUtf8, "no UTF-8").get("requestParameters")).get("RequestBody"));
    }

    @Test
    void anUnsignedUnreadableBodyIsRefusedForItsSignatureAndRecordedOnce() {
        Identity auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);
        List<String> functions = List.of("ModifyInstanceTDE", "CreateApproval", "LookupEvents", "ExportAuditTrail");
        int k = 0;
        for (Map.Entry<String, byte[]> body : BODIES.entrySet()) {
            String function = functions.get(k++ % functions.size());
            Response refused = given().contentType("application/json").body(body.getValue()).post("/" + function);
            refused.then().statusCode(400).body("Code", equalTo("IncompleteSignature"));
            Map<String, Object> event = theOnlyEvent(auditor, refused, function + " with " + body.getKey());
            assertEquals("unauthenticated", ((Map<?, ?>) event.get("userIdentity")).get("type"));
            assertEquals(Map.of(), event.get("requestParameters"), "a minimal record: what the body held is not kept");
        }
        verified();
    }

    @Test
    void aReadableBodyWithWhitespaceAroundItIsServed() {
        SignedClient.callWithJson(Identity.ADMIN, "CreateGroup",
                " \n{\"GroupName\":\"" + Fixtures.unique("group") + "\"}\r\n\t").send().then().statusCode(200);
    }

    @Test
    void malformedParametersOfTheRpcFrontAreRefusedAfterAuthenticationAndRecordedOnce() {
        Identity nobody = Fixtures.userWithPolicy("nobody", null);
        Identity auditor = Fixtures.userWithPolicy("auditor", Fixtures.AUDITOR_POLICY);
        for (String form : List.of("InstanceId=%zz", "Format=XML&InstanceId=r-1", "InstanceId=r-1&InstanceId=r-2")) {
            Response refused = SignedClient.callWithBody(nobody, "ModifyInstanceTDE", utf8(form)).toPath("/")
                    .contentType("application/x-www-form-urlencoded").send();
            refused.then().statusCode(400).body("Code", equalTo("InvalidParameter"));
            Map<String, Object> event = theOnlyEvent(auditor, refused, form);
            assertEquals("ModifyInstanceTDE", event.get("eventName"));
            assertEquals(nobody.userName(), ((Map<?, ?>) event.get("userIdentity")).get("userName"));
            assertEquals(form, ((Map<?, ?>) event.get("requestParameters")).get("RequestBody"));
        }
        verified();
    }

    private static Map<String, Object> theOnlyEvent(Identity auditor, Response refused, String attempt) {
        Response found = SignedClient.call(auditor, "LookupEvents",
                Fixtures.recent(Map.of("RequestId", refused.path("RequestId")))).send();
        found.then().statusCode(200);
        List<Map<String, Object>> events = found.path("Events");
        assertEquals(1, events.size(), attempt + " left " + events.size() + " events for " + refused.asString());
        return events.get(0);
    }

    private static void verified() {
        SignedClient.call(Identity.ADMIN, "CreateAuditCheckpoint", Map.of()).send().then().statusCode(200);
        SignedClient.call(Identity.ADMIN, "VerifyAuditTrail", Map.of()).send().then().statusCode(200)
                .body("Verified", equalTo(true));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(byte[]... parts) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            joined.writeBytes(part);
        }
        return joined.toByteArray();
    }
}
