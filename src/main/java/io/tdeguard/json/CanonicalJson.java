package io.tdeguard.json;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS, https://www.rfc-editor.org/rfc/rfc8785) for the values an audit
 * event holds.
 *
 * <p>Supported values: {@link Map} with {@link String} keys (any implementation; members are written sorted by
 * the UTF-16 code units of their keys, RFC 8785 §3.2.3), {@link List}, {@link String}, {@link Boolean},
 * {@code null}, and integers ({@link Integer}, {@link Long}, {@link BigInteger}) within ±(2<sup>53</sup>−1).
 * Anything else — doubles, NaN, {@code BigDecimal}, arrays, other objects — is rejected with an
 * {@link IllegalArgumentException} naming the JSON path of the value ({@code $.requestParameters.Amount}).
 * Audit events carry no floating point, and restricting numbers to safe integers keeps the number rule exact:
 * such an integer serialises as its plain decimal digits, which is what ECMAScript's {@code Number.toString}
 * gives for it.
 *
 * <p>Strings are written as RFC 8785 §3.2.2.2 requires: {@code "} and {@code \} escaped, the controls
 * U+0008, U+0009, U+000A, U+000C, U+000D as {@code \b \t \n \f \r}, the other controls below U+0020 as
 * {@code \}{@code u00xx} with lowercase hex, and every other character literal (including U+007F, U+2028,
 * U+2029, {@code /} and characters outside the BMP). Strings must be well-formed UTF-16: a lone surrogate
 * is rejected. No whitespace is written.
 */
public final class CanonicalJson {

    /** 2^53 − 1: the largest integer every JSON reader (IEEE 754 double) holds exactly. */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private static final BigInteger MAX_SAFE_BIG_INTEGER = BigInteger.valueOf(MAX_SAFE_INTEGER);
    private static final char[] LOWER_HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {
    }

    /** The canonical JSON text of {@code value}. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder(256);
        writeValue(value, JsonPath.ROOT, out);
        return out.toString();
    }

    /** The canonical JSON of {@code value} as UTF-8 bytes: the form RFC 8785 hashes and signs. */
    public static byte[] writeUtf8(Object value) {
        // exact: write() never returns a lone surrogate, which is the only thing UTF-8 cannot encode
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    private static void writeValue(Object value, JsonPath path, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean bool) {
            out.append(bool.booleanValue());
        } else if (value instanceof String string) {
            writeString(string, path, false, out);
        } else if (value instanceof Integer || value instanceof Long) {
            writeInteger(((Number) value).longValue(), path, out);
        } else if (value instanceof BigInteger bigInteger) {
            writeInteger(bigInteger, path, out);
        } else if (value instanceof Map<?, ?> map) {
            writeObject(map, path, out);
        } else if (value instanceof List<?> list) {
            writeArray(list, path, out);
        } else {
            throw new IllegalArgumentException("unsupported value at " + path + ": " + value.getClass().getName()
                    + " (an audit event holds only maps, lists, strings, booleans, null and integers)");
        }
    }

    private static void writeInteger(long value, JsonPath path, StringBuilder out) {
        if (value > MAX_SAFE_INTEGER || value < -MAX_SAFE_INTEGER) {
            throw integerOutOfRange(value, path);
        }
        out.append(value);
    }

    private static void writeInteger(BigInteger value, JsonPath path, StringBuilder out) {
        if (value.abs().compareTo(MAX_SAFE_BIG_INTEGER) > 0) {
            throw integerOutOfRange(value, path);
        }
        out.append(value.longValue());
    }

    private static IllegalArgumentException integerOutOfRange(Object value, JsonPath path) {
        return new IllegalArgumentException("integer out of range at " + path + ": " + value
                + " (JSON numbers hold integers exactly only within ±" + MAX_SAFE_INTEGER + ")");
    }

    private record Member(String key, Object value) {
    }

    private static void writeObject(Map<?, ?> map, JsonPath path, StringBuilder out) {
        List<Member> members = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException("map key at " + path + " is not a string: "
                        + (entry.getKey() == null ? "null" : entry.getKey().getClass().getName()));
            }
            members.add(new Member(key, entry.getValue()));
        }
        // String.compareTo compares UTF-16 code units one by one: exactly the order RFC 8785 §3.2.3 prescribes
        members.sort((a, b) -> a.key().compareTo(b.key()));
        out.append('{');
        for (int i = 0; i < members.size(); i++) {
            Member member = members.get(i);
            if (i > 0) {
                if (member.key().equals(members.get(i - 1).key())) {
                    // only a map comparing keys by identity (IdentityHashMap) can hold two equal keys
                    throw new IllegalArgumentException("duplicate key at " + path.child(member.key()));
                }
                out.append(',');
            }
            writeString(member.key(), path, true, out);
            out.append(':');
            writeValue(member.value(), path.child(member.key()), out);
        }
        out.append('}');
    }

    private static void writeArray(List<?> list, JsonPath path, StringBuilder out) {
        out.append('[');
        int index = 0;
        for (Object element : list) {
            if (index > 0) {
                out.append(',');
            }
            writeValue(element, path.child(index), out);
            index++;
        }
        out.append(']');
    }

    private static void writeString(String string, JsonPath path, boolean isKey, StringBuilder out) {
        out.append('"');
        int length = string.length();
        for (int i = 0; i < length; i++) {
            char c = string.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(LOWER_HEX[c >> 4]).append(LOWER_HEX[c & 0xf]);
                    } else if (!Character.isSurrogate(c)) {
                        out.append(c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < length
                            && Character.isLowSurrogate(string.charAt(i + 1))) {
                        out.append(c).append(string.charAt(++i));
                    } else {
                        throw new IllegalArgumentException(String.format("lone surrogate U+%04X %s %s, char index %d",
                                (int) c, isKey ? "in a key of" : "at", path, i));
                    }
                }
            }
        }
        out.append('"');
    }
}
