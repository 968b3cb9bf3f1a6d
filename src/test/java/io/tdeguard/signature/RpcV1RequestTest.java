package io.tdeguard.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.tdeguard.signature.Acs3Request.QueryParameter;

class RpcV1RequestTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void combinesTheQueryAndTheFormBody() {
        RpcV1Request request = RpcV1Request.parse("POST", "Action=ModifyInstanceTDE&Timestamp=2026-11-28T16%3A52%3A28Z",
                utf8("InstanceId=r-bp1&EncryptionName=a+b%2Bc"));

        assertEquals(new TreeMap<>(Map.of("Action", "ModifyInstanceTDE", "Timestamp", "2026-11-28T16:52:28Z",
                "InstanceId", "r-bp1", "EncryptionName", "a b+c")), request.parameters());
    }

    @Test
    void refusesANameRepeatedInTheQuery() {
        SignatureException failure = assertThrows(SignatureException.class,
                () -> RpcV1Request.parse("GET", "Action=A&Action=B", new byte[0]));

        assertEquals("IncompleteSignature", failure.code());
        assertEquals("parameter 'Action' is repeated", failure.getMessage());
        assertEquals("Action", failure.parameter().orElseThrow());
    }

    @Test
    void refusesANameInBothTheQueryAndTheBodyEvenWithTheSameValue() {
        SignatureException failure = assertThrows(SignatureException.class,
                () -> RpcV1Request.parse("POST", "RegionId=cn-hangzhou", utf8("RegionId=cn-hangzhou")));

        assertEquals("parameter 'RegionId' is repeated", failure.getMessage());
    }

    @Test
    void refusesMalformedEscapesAndBodiesThatAreNotUtf8() {
        assertEquals("IncompleteSignature", assertThrows(SignatureException.class,
                () -> RpcV1Request.parse("GET", "a=%zz", new byte[0])).code());
        assertEquals("IncompleteSignature", assertThrows(SignatureException.class,
                () -> RpcV1Request.parse("GET", "a=%C3", new byte[0])).code());
        assertEquals("form body is not utf-8", assertThrows(SignatureException.class,
                () -> RpcV1Request.parse("POST", "", new byte[] {'a', '=', (byte) 0xC3})).getMessage());
    }

    @Test
    void combineKeepsEachPlacesParameters() {
        assertEquals(new TreeMap<>(Map.of("a", "1", "b", "")), RpcV1Request.combine(
                List.of(new QueryParameter("a", "1")), List.of(new QueryParameter("b", ""))));
    }

    @Test
    void encodesForTheWireSoThatParsingReadsItBack() {
        Map<String, String> parameters = Map.of("a b", "*~ /+=&", "Emoji", "😀é", "Empty", "");

        String encoded = RpcV1Request.encode(parameters);

        assertEquals("Emoji=%F0%9F%98%80%C3%A9&Empty=&a%20b=%2A~%20%2F%2B%3D%26", encoded);
        assertEquals(new TreeMap<>(parameters), RpcV1Request.parse("GET", encoded, new byte[0]).parameters());
    }

    @Test
    void withAndWithoutDeriveChangedRequests() {
        RpcV1Request request = RpcV1Request.of("GET", Map.of("a", "1"));

        assertEquals(Map.of("a", "2"), request.with("a", "2").parameters());
        assertEquals(Map.of(), request.without("a").parameters());
        assertEquals(Map.of("a", "1"), request.parameters());
        assertEquals("GET [a]", request.toString());
    }
}
