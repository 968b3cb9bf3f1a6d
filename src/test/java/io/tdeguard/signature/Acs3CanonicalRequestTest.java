package io.tdeguard.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.tdeguard.signature.Acs3Request.QueryParameter;

/** One test per canonicalisation rule of DESIGN.md §5. */
class Acs3CanonicalRequestTest {

    @ParameterizedTest(name = "pe(\"{0}\") = \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "a b"            | a%20b
            *                | %2A
            ~                | ~
            +                | %2B
            /                | %2F
            =&               | %3D%26
            %                | %25
            AZaz09-_.        | AZaz09-_.
            é                | %C3%A9
            中                | %E4%B8%AD
            😀               | %F0%9F%98%80
            ""               | ""
            """)
    void percentEncodesAsTheSdk(String raw, String encoded) {
        assertEquals(encoded, Acs3CanonicalRequest.percentEncode(raw));
    }

    @Test
    void encodesEveryCharacterButTheUnreserved() {
        for (char c = 0x20; c < 0x7f; c++) {
            boolean unreserved = Character.isLetterOrDigit(c) || "-_.~".indexOf(c) >= 0;
            String expected = unreserved ? String.valueOf(c) : String.format("%%%02X", (int) c);
            assertEquals(expected, Acs3CanonicalRequest.percentEncode(String.valueOf(c)), "character " + c);
        }
    }

    @Test
    void givesAnEmptyValueAsNameEquals() {
        assertEquals("DryRun=&a=1", Acs3CanonicalRequest.canonicalQuery(List.of(
                new QueryParameter("a", "1"), new QueryParameter("DryRun", ""))));
    }

    @Test
    void sortsByEncodedNameThenEncodedValueKeepingDuplicates() {
        List<QueryParameter> parameters = List.of(
                new QueryParameter("b", "2"),
                new QueryParameter("a", "z"),
                new QueryParameter("a", "b c"),
                new QueryParameter("a", "b"),
                new QueryParameter("A", "1"));

        assertEquals("A=1&a=b&a=b%20c&a=z&b=2", Acs3CanonicalRequest.canonicalQuery(parameters));
    }

    @Test
    void sortsNamesThatArePrefixesOfOthersByNameFirst() {
        // Sorting whole "name=value" strings would put "a-b=1" before "a=2", since '-' sorts before '='.
        assertEquals("a=2&a-b=1", Acs3CanonicalRequest.canonicalQuery(List.of(
                new QueryParameter("a-b", "1"), new QueryParameter("a", "2"))));
    }

    @Test
    void sortsByTheEncodedFormNotTheRawOne() {
        // Raw '*' (0x2A) sorts after '%' (0x25) but its encoding "%2A" sorts before "%3D".
        assertEquals("%2A=1&%3D=2", Acs3CanonicalRequest.canonicalQuery(List.of(
                new QueryParameter("=", "2"), new QueryParameter("*", "1"))));
    }

    @Test
    void givesNoParametersAsTheEmptyString() {
        assertEquals("", Acs3CanonicalRequest.canonicalQuery(List.of()));
    }

    @Test
    void trimsHeaderValuesButNotInnerSpaces() {
        Map<String, String> headers = Map.of("x-acs-a", "  one  two \t", "host", "h");

        assertEquals("host:h\nx-acs-a:one  two\n",
                Acs3CanonicalRequest.canonicalHeaders(headers, new TreeSet<>(headers.keySet())));
    }

    @Test
    void foldsHeaderNamesToLowerCase() {
        Acs3Request request = Acs3Request.builder("POST", "/")
                .header("Host", "example.com")
                .header("X-Acs-Action", "Describe")
                .build();

        Acs3CanonicalRequest canonical = Acs3CanonicalRequest.of(request, List.of("x-acs-action", "host"));

        assertEquals("host:example.com\nx-acs-action:Describe\n", canonical.headers());
        assertEquals("host;x-acs-action", canonical.signedHeaders());
    }

    @Test
    void coversOnlyTheSignedHeaders() {
        Map<String, String> headers = Map.of("host", "h", "user-agent", "curl");

        assertEquals("host:h\n", Acs3CanonicalRequest.canonicalHeaders(headers, new TreeSet<>(List.of("host"))));
    }

    @Test
    void refusesToSignAnAbsentOrUpperCaseHeader() {
        Acs3Request request = Acs3Request.builder("POST", "/").header("host", "h").build();

        assertThrows(IllegalArgumentException.class, () -> Acs3CanonicalRequest.of(request, List.of("x-acs-date")));
        assertThrows(IllegalArgumentException.class, () -> Acs3CanonicalRequest.of(request, List.of("Host")));
    }

    @Test
    void givesAnEmptyPathAsSlash() {
        assertEquals("/", Acs3CanonicalRequest.canonicalPath(""));
        assertEquals("/", Acs3CanonicalRequest.canonicalPath("/"));
        assertEquals("/ModifyInstanceTDE", Acs3CanonicalRequest.canonicalPath("/ModifyInstanceTDE"));
    }

    @Test
    void hashesTheBodyAsLowerCaseHex() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                Acs3CanonicalRequest.hashedPayload(new byte[0]));
        assertEquals("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
                Acs3CanonicalRequest.hashedPayload("{}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void joinsThePartsWithNewlines() {
        Acs3Request request = Acs3Request.builder("GET", "")
                .queryParameter("b", "2")
                .queryParameter("a", "1")
                .header("host", "h")
                .build();

        assertEquals("GET\n/\na=1&b=2\nhost:h\n\nhost\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                Acs3CanonicalRequest.of(request, List.of("host")).text());
    }
}
