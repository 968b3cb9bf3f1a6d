package io.tdeguard.signature;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The parts of an HTTP request that an ACS3 signature covers: method, path, decoded query parameters, headers
 * and body. Immutable.
 *
 * <p>Query parameters are kept as decoded name/value pairs; their order is irrelevant to the signature and a
 * name may repeat. Header names are case-insensitive and stored in lower case; each name has one value.
 */
public final class Acs3Request {

    /** An HTTP token (RFC 9110 tchar), once folded to lower case. */
    private static final Pattern HEADER_NAME = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]+");

    /** One decoded query parameter; a parameter sent without {@code =} has the empty value. */
    public record QueryParameter(String name, String value) {
        public QueryParameter {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    private final String method;
    private final String path;
    private final List<QueryParameter> queryParameters;
    private final Map<String, String> headers;
    private final byte[] body;

    private Acs3Request(Builder builder) {
        this.method = builder.method;
        this.path = builder.path;
        this.queryParameters = List.copyOf(builder.queryParameters);
        this.headers = Collections.unmodifiableMap(new TreeMap<>(builder.headers));
        this.body = builder.body.clone();
    }

    /** A builder for a request with this method (e.g. {@code POST}) and path as sent on the wire (e.g. {@code /}). */
    public static Builder builder(String method, String path) {
        return new Builder(method, path);
    }

    /** A builder holding a copy of this request, to derive a changed one. */
    public Builder toBuilder() {
        Builder builder = new Builder(method, path).queryParameters(queryParameters).body(body);
        headers.forEach(builder::header);
        return builder;
    }

    /**
     * Decodes a raw query string as received on the wire ({@code a=1&b=x%20y}) into parameters, in order.
     *
     * <p>Splits on {@code &} and on the first {@code =} of each part; percent-decodes as UTF-8 with {@code +}
     * meaning space; a part without {@code =} is a parameter with the empty value; empty parts are skipped.
     * A {@code null} or empty query has no parameters.
     *
     * @throws IllegalArgumentException on a malformed percent escape or bytes that are not UTF-8, since a
     *     lenient decoder would let two different wire forms denote the same signed parameter
     */
    public static List<QueryParameter> parseRawQuery(String rawQuery) {
        List<QueryParameter> parameters = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String part : rawQuery.split("&", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            int equals = part.indexOf('=');
            String name = equals < 0 ? part : part.substring(0, equals);
            String value = equals < 0 ? "" : part.substring(equals + 1);
            parameters.add(new QueryParameter(formDecode(name), formDecode(value)));
        }
        return parameters;
    }

    private static String formDecode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new IllegalArgumentException("malformed percent escape in query '" + encoded + "'");
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("malformed percent escape in query '" + encoded + "'");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                int codePoint = encoded.codePointAt(i);
                boolean loneSurrogate = codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
                if (loneSurrogate) {
                    throw new IllegalArgumentException("query is not utf-8 '" + encoded + "'");
                }
                byte[] utf8 = Character.toString(codePoint).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
                i += Character.charCount(codePoint) - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("query is not utf-8 '" + encoded + "'", e);
        }
    }

    public String method() {
        return method;
    }

    /** The path as sent on the wire, possibly empty. */
    public String path() {
        return path;
    }

    public List<QueryParameter> queryParameters() {
        return queryParameters;
    }

    /** Headers by lower-case name, sorted by name. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The value of a header, whatever the case of {@code name}. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** A copy of the body. */
    public byte[] body() {
        return body.clone();
    }

    @Override
    public String toString() {
        return method + " " + path + " " + queryParameters + " " + headers.keySet() + " (" + body.length + " bytes)";
    }

    /** Collects the parts of a request; header names are folded to lower case. */
    public static final class Builder {

        private final String method;
        private final String path;
        private final List<QueryParameter> queryParameters = new ArrayList<>();
        private final Map<String, String> headers = new TreeMap<>();
        private byte[] body = new byte[0];

        private Builder(String method, String path) {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            if (method.isEmpty()) {
                throw new IllegalArgumentException("method is empty");
            }
            this.method = method;
            this.path = path;
        }

        public Builder queryParameter(String name, String value) {
            queryParameters.add(new QueryParameter(name, value));
            return this;
        }

        public Builder queryParameters(List<QueryParameter> parameters) {
            queryParameters.addAll(parameters);
            return this;
        }

        /**
         * Adds a header.
         *
         * @throws IllegalArgumentException if a header of that name (in any case) was already added: a request
         *     carrying two values of one header is ambiguous, and an adapter from an HTTP server must reject it
         *     rather than let this request and the rest of the server pick different values
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            String lowerCaseName = name.toLowerCase(Locale.ROOT);
            if (!HEADER_NAME.matcher(lowerCaseName).matches()) {
                throw new IllegalArgumentException("malformed header name '" + name + "'");
            }
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                // HTTP forbids them, and a line break would let one header pass for two in the canonical request.
                throw new IllegalArgumentException("header '" + lowerCaseName + "' has a line break");
            }
            if (headers.putIfAbsent(lowerCaseName, value) != null) {
                throw new IllegalArgumentException("duplicate header '" + lowerCaseName + "'");
            }
            return this;
        }

        /** Adds every header of {@code headers}, as {@link #header} does. */
        public Builder headers(Map<String, String> headers) {
            headers.forEach(this::header);
            return this;
        }

        /** Removes a header, whatever the case of {@code name}. */
        public Builder removeHeader(String name) {
            headers.remove(name.toLowerCase(Locale.ROOT));
            return this;
        }

        public Builder body(byte[] body) {
            this.body = body.clone();
            return this;
        }

        public Acs3Request build() {
            return new Acs3Request(this);
        }
    }
}
