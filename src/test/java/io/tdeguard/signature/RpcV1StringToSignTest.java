package io.tdeguard.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class RpcV1StringToSignTest {

    @Test
    void leavesOutOnlyTheSignature() {
        RpcV1Request request = RpcV1Request.of("GET", Map.of("Signature", "x", "SignatureMethod", "HMAC-SHA1", "A", ""));

        assertEquals(new TreeMap<>(Map.of("SignatureMethod", "HMAC-SHA1", "A", "")),
                RpcV1StringToSign.signedParameters(request));
    }

    @Test
    void sortsByNameInTheSdksOrderAndEncodesEachPartOnce() {
        TreeMap<String, String> parameters = new TreeMap<>(Map.of(
                "b", "x y", "a_", "*~", "a`", "/+=&", "B", "é中😀", "a", ""));

        // Upper case before lower case; '_' (0x5F) before '`' (0x60) although pe('`') is %60.
        assertEquals("B=%C3%A9%E4%B8%AD%F0%9F%98%80&a=&a_=%2A~&a%60=%2F%2B%3D%26&b=x%20y",
                RpcV1StringToSign.canonicalizedQuery(parameters));
    }

    @Test
    void encodesTheCanonicalizedQueryAgainInTheStringToSign() {
        assertEquals("POST&%2F&a%3D1%26b%3Dx%2520y", RpcV1StringToSign.text("POST", "a=1&b=x%20y"));
        assertEquals("GET&%2F&", RpcV1StringToSign.text("GET", ""));
    }

    @Test
    void keepsItsIntermediates() {
        RpcV1StringToSign stringToSign = RpcV1StringToSign.of(RpcV1Request.of("POST", Map.of("Action", "A B")));

        assertEquals("POST", stringToSign.method());
        assertEquals("Action=A%20B", stringToSign.canonicalizedQuery());
        assertEquals("POST&%2F&Action%3DA%2520B", stringToSign.text());
    }
}
