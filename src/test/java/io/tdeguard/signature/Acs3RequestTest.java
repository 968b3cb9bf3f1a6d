package io.tdeguard.signature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.tdeguard.signature.Acs3Request.QueryParameter;

class Acs3RequestTest {

    @Test
    void parsesARawQueryIntoDecodedParametersInOrder() {
        assertEquals(List.of(
                        new QueryParameter("RoleArn", "acs:ram::1:role/R"),
                        new QueryParameter("Name", "a b+c"),
                        new QueryParameter("Key", "0d24****")),
                Acs3Request.parseRawQuery("RoleArn=acs%3Aram%3A%3A1%3Arole%2FR&Name=a+b%2Bc&Key=0d24****"));
    }

    @Test
    void splitsOnTheFirstEqualsOnly() {
        assertEquals(List.of(new QueryParameter("Filter", "a=b")), Acs3Request.parseRawQuery("Filter=a=b"));
    }

    @Test
    void givesANameWithoutEqualsTheEmptyValue() {
        assertEquals(List.of(new QueryParameter("DryRun", ""), new QueryParameter("a", "")),
                Acs3Request.parseRawQuery("DryRun&a="));
    }

    @Test
    void keepsRepeatedNames() {
        assertEquals(List.of(new QueryParameter("a", "1"), new QueryParameter("a", "2")),
                Acs3Request.parseRawQuery("a=1&a=2"));
    }

    @Test
    void skipsEmptyPartsAndEmptyQueries() {
        assertEquals(List.of(new QueryParameter("a", "1")), Acs3Request.parseRawQuery("&a=1&&"));
        assertEquals(List.of(), Acs3Request.parseRawQuery(""));
        assertEquals(List.of(), Acs3Request.parseRawQuery(null));
    }

    @Test
    void decodesUtf8() {
        assertEquals(List.of(new QueryParameter("名", "é😀")),
                Acs3Request.parseRawQuery("%E5%90%8D=%C3%A9%F0%9F%98%80"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%", "a=%4", "a=%zz", "a=%C3", "a=%FF", "%E5%90=1"})
    void refusesMalformedEscapesAndNonUtf8(String rawQuery) {
        assertThrows(IllegalArgumentException.class, () -> Acs3Request.parseRawQuery(rawQuery));
    }

    @Test
    void foldsHeaderNamesToLowerCase() {
        Acs3Request request = Acs3Request.builder("POST", "/").header("X-Acs-Date", "d").build();

        assertEquals(List.of("x-acs-date"), List.copyOf(request.headers().keySet()));
        assertEquals(Optional.of("d"), request.header("X-ACS-DATE"));
    }

    @Test
    void refusesAHeaderGivenTwiceInAnyCase() {
        Acs3Request.Builder builder = Acs3Request.builder("POST", "/").header("X-Acs-Date", "d");

        assertThrows(IllegalArgumentException.class, () -> builder.header("x-acs-date", "e"));
    }

    @Test
    void cannotBeChangedThroughItsBodyOrHeaders() {
        byte[] body = {1, 2, 3};
        Acs3Request request = Acs3Request.builder("POST", "/").body(body).header("host", "h").build();
        body[0] = 9;
        request.body()[1] = 9;

        assertArrayEquals(new byte[] {1, 2, 3}, request.body());
        assertThrows(UnsupportedOperationException.class, () -> request.headers().put("host", "evil"));
        assertThrows(UnsupportedOperationException.class,
                () -> request.queryParameters().add(new QueryParameter("a", "b")));
    }

    @Test
    void derivesAChangedCopy() {
        Acs3Request request = Acs3Request.builder("POST", "/").header("host", "h").queryParameter("a", "1").build();

        Acs3Request changed = request.toBuilder().removeHeader("HOST").header("host", "i").build();

        assertEquals(Optional.of("h"), request.header("host"));
        assertEquals(Optional.of("i"), changed.header("host"));
        assertEquals(request.queryParameters(), changed.queryParameters());
    }
}
