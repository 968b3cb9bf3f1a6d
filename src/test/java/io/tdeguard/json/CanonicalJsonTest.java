package io.tdeguard.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CanonicalJsonTest {

    /** Builds a map in the given (unsorted) order, so that a test shows sorting is the canonicalizer's work. */
    private static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    // ---- RFC 8785 examples

    @Test
    void sortsPropertiesByUtf16CodeUnitsAsInTheRfcSortingExample() {
        // RFC 8785 §3.2.3: the input in the RFC's order, the property values in the order the RFC lists as sorted
        Map<String, Object> input = object(
                "\u20ac", "Euro Sign",
                "\r", "Carriage Return",
                "\ufb33", "Hebrew Letter Dalet With Dagesh",
                "1", "One",
                "\ud83d\ude00", "Emoji: Grinning Face",
                "\u0080", "Control",
                "\u00f6", "Latin Small Letter O With Diaeresis");

        assertEquals("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}",
                CanonicalJson.write(input));
    }

    @Test
    void ordersANonBmpKeyBeforeAHighBmpKeyUnlikeCodePointOrder() {
        // U+1F600 is the code units D83D DE00, which sort before FB33; by code point it would sort after
        assertEquals("{\"\ud83d\ude00\":1,\"\ufb33\":2}",
                CanonicalJson.write(object("\ufb33", 2, "\ud83d\ude00", 1)));
    }

    @Test
    void escapesStringsAsInTheRfcMainExample() {
        // RFC 8785 §3.2.2's example without its "numbers" member (floating point is outside the supported set);
        // the string is the RFC's JSON source string decoded: euro sign, $, U+000F, LF, A, ', B, ", \, \, ", /
        Map<String, Object> input = object(
                "string", "\u20ac$\u000f\nA'B\"\\\\\"/",
                "literals", Arrays.asList(null, true, false));

        assertEquals("{\"literals\":[null,true,false],\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}",
                CanonicalJson.write(input));
    }

    @Test
    void writesTheRfcMainExampleStringAsTheRfcsUtf8Bytes() {
        // RFC 8785 §3.2.4 lists the UTF-8 of the canonical main example; these are its bytes for the string value
        byte[] expected = HexFormat.ofDelimiter(" ").parseHex(
                "22 e2 82 ac 24 5c 75 30 30 30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22");
        assertArrayEquals(expected, CanonicalJson.writeUtf8("\u20ac$\u000f\nA'B\"\\\\\"/"));
    }

    @Test
    void sortsKeysIgnoringLocale() {
        // a French collation would put "pêche" before "péché"; RFC 8785 compares code units only
        assertEquals("{\"peach\":1,\"p\u00e9ch\u00e9\":2,\"p\u00eache\":3,\"sin\":4}",
                CanonicalJson.write(object("sin", 4, "p\u00eache", 3, "p\u00e9ch\u00e9", 2, "peach", 1)));
    }

    @Test
    void leavesUnnormalizedUnicodeAsItIs() {
        // no NFC: U+1E0D U+0307 and U+1E0B U+0323 look alike but are different strings
        assertEquals("\"\u1e0d\u0307\"", CanonicalJson.write("\u1e0d\u0307"));
    }

    // ---- strings

    static Stream<Arguments> everyControlCharacter() {
        Map<Character, String> shortForms = Map.of('\b', "\\b", '\t', "\\t", '\n', "\\n", '\f', "\\f", '\r', "\\r");
        return Stream.iterate(0, c -> c < 0x20, c -> c + 1)
                .map(c -> Arguments.of(c, shortForms.getOrDefault((char) c.intValue(), String.format("\\u%04x", c))));
    }

    @ParameterizedTest(name = "U+{0} as {1}")
    @MethodSource("everyControlCharacter")
    void escapesEachControlCharacterWithItsShortFormOrLowercaseHex(int control, String escape) {
        assertEquals("\"a" + escape + "b\"", CanonicalJson.write("a" + (char) control + "b"));
    }

    @Test
    void escapesOnlyQuoteAndBackslashAmongPrintableCharacters() {
        assertEquals("\"\\\"\\\\/<>&'\"", CanonicalJson.write("\"\\/<>&'"));
    }

    @Test
    void writesDeleteLineSeparatorsAndNonBmpCharactersLiterally() {
        String literal = "\u007f\u0080\u00a0\u2028\u2029\ufeff\uffff\ud83d\ude00\udbff\udfff";
        assertEquals("\"" + literal + "\"", CanonicalJson.write(literal));
        assertEquals("22 7f c2 80 c2 a0 e2 80 a8 e2 80 a9 ef bb bf ef bf bf f0 9f 98 80 f4 8f bf bf 22",
                HexFormat.ofDelimiter(" ").formatHex(CanonicalJson.writeUtf8(literal)));
    }

    static Stream<Arguments> loneSurrogates() {
        return Stream.of(
                Arguments.of("high at end", "ab\ud83d", 2),
                Arguments.of("low alone", "\ude00ab", 0),
                Arguments.of("pair reversed", "a\ude00\ud83d", 1),
                Arguments.of("high before a non-surrogate", "\ud83dx", 0),
                Arguments.of("after a valid pair", "\ud83d\ude00\udc00", 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loneSurrogates")
    void rejectsALoneSurrogateInAValueNamingPathAndIndex(String name, String text, int index) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CanonicalJson.write(object("userAgent", List.of("ok", text))));
        assertTrue(e.getMessage().contains("at $.userAgent[1], char index " + index), e.getMessage());
        assertTrue(e.getMessage().startsWith("lone surrogate U+"), e.getMessage());
    }

    @Test
    void rejectsALoneSurrogateInAKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CanonicalJson.write(object("outer", object("k\ud800", 1))));
        assertEquals("lone surrogate U+D800 in a key of $.outer, char index 1", e.getMessage());
    }

    // ---- structure

    @Test
    void writesNestedObjectsAndArraysSortingEveryLevelAndKeepingArrayOrder() {
        Map<String, Object> input = object(
                "1", object("f", object("f", "hi", "F", 5), "\n", 56),
                "10", Map.of(),
                "", "empty",
                "a", Map.of(),
                "111", List.of(Map.of()),
                "A", Map.of(),
                "z", List.of(3, 1, List.of(), "2", object("b", 1, "a", 2)));

        assertEquals("{\"\":\"empty\",\"1\":{\"\\n\":56,\"f\":{\"F\":5,\"f\":\"hi\"}},\"10\":{},\"111\":[{}],"
                + "\"A\":{},\"a\":{},\"z\":[3,1,[],\"2\",{\"a\":2,\"b\":1}]}", CanonicalJson.write(input));
    }

    @Test
    void writesEmptyContainersAndTopLevelScalars() {
        assertEquals("{}", CanonicalJson.write(Map.of()));
        assertEquals("[]", CanonicalJson.write(List.of()));
        assertEquals("\"\"", CanonicalJson.write(""));
        assertEquals("null", CanonicalJson.write(null));
        assertEquals("true", CanonicalJson.write(true));
        assertEquals("false", CanonicalJson.write(Boolean.FALSE));
        assertEquals("[null]", CanonicalJson.write(Collections.singletonList(null)));
        assertEquals("{\"k\":null}", CanonicalJson.write(Collections.singletonMap("k", null)));
    }

    @Test
    void writesTheSameTextWhateverTheMapImplementationOrItsOrder() {
        Map<String, Object> reversed = new TreeMap<>(Collections.reverseOrder());
        Map<String, Object> hashed = new HashMap<>();
        for (String key : List.of("b", "a", "\ud83d\ude00", "\ufb33", "B", "aa")) {
            reversed.put(key, key.length());
            hashed.put(key, key.length());
        }
        String expected = "{\"B\":1,\"a\":1,\"aa\":2,\"b\":1,\"\ud83d\ude00\":2,\"\ufb33\":1}";
        assertEquals(expected, CanonicalJson.write(reversed));
        assertEquals(expected, CanonicalJson.write(hashed));
    }

    @Test
    void acceptsAnyListImplementation() {
        assertEquals("[1,\"x\"]", CanonicalJson.write(new ArrayList<>(List.of(1, "x"))));
        assertEquals("[1,\"x\"]", CanonicalJson.write(Collections.unmodifiableList(Arrays.asList(1, "x"))));
    }

    @Test
    void rejectsANonStringOrNullKey() {
        Map<Object, Object> integerKey = new HashMap<>(Map.of(7, "x"));
        Map<Object, Object> nullKey = new HashMap<>();
        nullKey.put(null, "x");

        assertEquals("map key at $.a is not a string: java.lang.Integer",
                assertThrows(IllegalArgumentException.class,
                        () -> CanonicalJson.write(object("a", integerKey))).getMessage());
        assertEquals("map key at $ is not a string: null",
                assertThrows(IllegalArgumentException.class, () -> CanonicalJson.write(nullKey)).getMessage());
    }

    @Test
    void rejectsTwoEqualKeysThatAnIdentityMapCanHold() {
        Map<String, Object> identity = new IdentityHashMap<>();
        identity.put(new String("k"), 1);
        identity.put(new String("k"), 2);
        assertEquals("duplicate key at $.k",
                assertThrows(IllegalArgumentException.class, () -> CanonicalJson.write(identity)).getMessage());
    }

    // ---- numbers

    static Stream<Arguments> safeIntegers() {
        long max = (1L << 53) - 1;
        return Stream.of(
                Arguments.of(0, "0"),
                Arguments.of(-1, "-1"),
                Arguments.of(Integer.MAX_VALUE, "2147483647"),
                Arguments.of(Integer.MIN_VALUE, "-2147483648"),
                Arguments.of(0L, "0"),
                Arguments.of(max, "9007199254740991"),
                Arguments.of(-max, "-9007199254740991"),
                Arguments.of(BigInteger.ZERO, "0"),
                Arguments.of(BigInteger.valueOf(max), "9007199254740991"),
                Arguments.of(BigInteger.valueOf(-max), "-9007199254740991"));
    }

    @ParameterizedTest(name = "[{index}] {0} as {1}")
    @MethodSource("safeIntegers")
    void writesSafeIntegersAsPlainDecimals(Object number, String expected) {
        assertEquals(expected, CanonicalJson.write(number));
    }

    static Stream<Object> unsafeIntegers() {
        return Stream.of(1L << 53, -(1L << 53), Long.MAX_VALUE, Long.MIN_VALUE,
                BigInteger.ONE.shiftLeft(53), BigInteger.ONE.shiftLeft(53).negate(), BigInteger.ONE.shiftLeft(64));
    }

    @ParameterizedTest
    @MethodSource("unsafeIntegers")
    void rejectsIntegersBeyondTwoToThe53MinusOneNamingThePath(Object number) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CanonicalJson.write(object("requestParameters", object("Size", number))));
        assertTrue(e.getMessage().startsWith("integer out of range at $.requestParameters.Size: " + number),
                e.getMessage());
    }

    // ---- unsupported values

    enum Phase { INTENT }

    static Stream<Arguments> unsupportedValues() {
        return Stream.of(
                Arguments.of(1.5, "java.lang.Double"),
                Arguments.of(Double.NaN, "java.lang.Double"),
                Arguments.of(Double.POSITIVE_INFINITY, "java.lang.Double"),
                Arguments.of(2.0f, "java.lang.Float"),
                Arguments.of(new BigDecimal("1"), "java.math.BigDecimal"),
                Arguments.of((short) 1, "java.lang.Short"),
                Arguments.of(new AtomicLong(1), "java.util.concurrent.atomic.AtomicLong"),
                Arguments.of('c', "java.lang.Character"),
                Arguments.of(new Object[] {1}, "[Ljava.lang.Object;"),
                Arguments.of(Phase.INTENT, Phase.class.getName()),
                Arguments.of(Optional.empty(), "java.util.Optional"),
                Arguments.of(new StringBuilder("x"), "java.lang.StringBuilder"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("unsupportedValues")
    void rejectsEverythingElseNamingThePathAndTheType(Object value, String typeName) {
        Map<String, Object> event = object("requestParameters", object("Items", List.of("ok", object("x y", value))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CanonicalJson.write(event));
        assertEquals("unsupported value at $.requestParameters.Items[1][\"x y\"]: " + typeName
                + " (an audit event holds only maps, lists, strings, booleans, null and integers)", e.getMessage());
    }

    @Test
    void rejectsADoubleAtTheTopLevelWithTheRootPath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CanonicalJson.write(0.0));
        assertTrue(e.getMessage().startsWith("unsupported value at $: java.lang.Double"), e.getMessage());
    }

    @Test
    void quotesPathKeysThatAreNotPlainNamesAndEscapesTheirUnprintableCharacters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CanonicalJson.write(object("a.b", object("\"\u00e9\n", object("_ok9", 1.0)))));
        assertTrue(e.getMessage().startsWith("unsupported value at $[\"a.b\"][\"\\\"\\u00e9\\u000a\"]._ok9: "),
                e.getMessage());
    }

    @Test
    void writeUtf8IsTheUtf8OfWrite() {
        Map<String, Object> event = object("name", "zo\u00eb \u20ac \ud83d\ude00", "n", -42, "list", List.of(true));
        assertArrayEquals(CanonicalJson.write(event).getBytes(StandardCharsets.UTF_8), CanonicalJson.writeUtf8(event));
    }
}
