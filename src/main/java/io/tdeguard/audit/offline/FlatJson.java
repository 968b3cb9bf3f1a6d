package io.tdeguard.audit.offline;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one line of an export: a JSON object whose values are strings, integers, booleans, null or arrays of
 * strings (RFC 8259, strict: no other nesting, no fractions, no duplicate keys, nothing after the object). That is all the export format
 * uses, and a reader this small can be checked by eye — the auditor's verifier depends on nothing but the JDK.
 */
final class FlatJson {

    private final String text;
    private int at;

    private FlatJson(String text) {
        this.text = text;
    }

    /** The object's members in order; strings as {@link String}, integers as {@link Long}. */
    static Map<String, Object> parse(String text) {
        FlatJson reader = new FlatJson(text);
        Map<String, Object> object = reader.object();
        reader.whitespace();
        if (reader.at != text.length()) {
            throw reader.error("text after the object");
        }
        return object;
    }

    private Map<String, Object> object() {
        whitespace();
        expect('{');
        Map<String, Object> members = new LinkedHashMap<>();
        whitespace();
        if (peek() == '}') {
            at++;
            return members;
        }
        while (true) {
            whitespace();
            String key = string();
            whitespace();
            expect(':');
            whitespace();
            Object value = value();
            if (members.containsKey(key)) {
                throw error("duplicate key \"" + key + "\"");
            }
            members.put(key, value);
            whitespace();
            char c = next();
            if (c == '}') {
                return members;
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private Object value() {
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (c == '[') {
            return strings();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return integer();
        }
        if (text.startsWith("true", at)) {
            at += 4;
            return Boolean.TRUE;
        }
        if (text.startsWith("false", at)) {
            at += 5;
            return Boolean.FALSE;
        }
        if (text.startsWith("null", at)) {
            at += 4;
            return null;
        }
        throw error("expected a string, an integer, true, false, null or an array of strings");
    }

    /** An array of strings, as {@code List<String>}. */
    private java.util.List<String> strings() {
        expect('[');
        java.util.List<String> items = new java.util.ArrayList<>();
        whitespace();
        if (peek() == ']') {
            at++;
            return items;
        }
        while (true) {
            whitespace();
            items.add(string());
            whitespace();
            char c = next();
            if (c == ']') {
                return items;
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private Long integer() {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else {
            if (!(peek() >= '1' && peek() <= '9')) {
                throw error("expected a digit");
            }
            while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
                at++;
            }
        }
        if (at < text.length() && (text.charAt(at) == '.' || text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
            throw error("only integers are expected");
        }
        try {
            return Long.parseLong(text.substring(start, at));
        } catch (NumberFormatException e) {
            throw error("integer out of range");
        }
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("unescaped control character in a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escaped = next();
            switch (escaped) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '/' -> out.append('/');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw error("short \\u escape");
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException e) {
                        throw error("bad \\u escape");
                    }
                    at += 4;
                }
                default -> throw error("bad escape \\" + escaped);
            }
        }
    }

    private void whitespace() {
        while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t' || text.charAt(at) == '\n'
                || text.charAt(at) == '\r')) {
            at++;
        }
    }

    private void expect(char c) {
        if (next() != c) {
            at--;
            throw error("expected '" + c + "'");
        }
    }

    private char peek() {
        if (at >= text.length()) {
            throw error("unexpected end of line");
        }
        return text.charAt(at);
    }

    private char next() {
        char c = peek();
        at++;
        return c;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at character " + at);
    }
}
