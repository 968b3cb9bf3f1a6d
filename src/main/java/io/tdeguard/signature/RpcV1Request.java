package io.tdeguard.signature;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import io.tdeguard.signature.Acs3Request.QueryParameter;

/**
 * The parts of an RPC request that a V1 signature covers: the HTTP method and one set of decoded parameters, taken
 * from the query string and from an {@code application/x-www-form-urlencoded} body. Immutable.
 *
 * <p><b>How query and body combine.</b> The V1 SDKs sign the union of both places: {@code aliyun-java-sdk-core}
 * puts the common parameters (and {@code RegionId}) in the query and, for a request with body parameters, those in
 * a form body; the CLI and Terraform put everything in the query. So the parameters of a request are those of the
 * query together with those of the body, with no precedence: a name that occurs twice, in one place or across
 * both, is refused, because the SDK (a {@code HashMap}) would have signed one of the values and the server could
 * read the other. The body counts only when the caller says it is a form (by its {@code Content-Type}); any other
 * body is not covered by the V1 signature.
 *
 * <p>Parameters are kept sorted by name in {@link String#compareTo} order, the order the SDK sorts them in
 * ({@code Arrays.sort} of the names); for names in the Basic Multilingual Plane, as every Alibaba parameter name is,
 * that is also the order of their UTF-8 bytes.
 */
public final class RpcV1Request {

    private final String method;
    private final SortedMap<String, String> parameters;

    private RpcV1Request(String method, SortedMap<String, String> parameters) {
        this.method = method;
        this.parameters = Collections.unmodifiableSortedMap(parameters);
    }

    /**
     * A request with this method (e.g. {@code GET}) and these decoded parameters.
     *
     * @throws IllegalArgumentException if the method is empty
     */
    public static RpcV1Request of(String method, Map<String, String> parameters) {
        Objects.requireNonNull(method, "method");
        if (method.isEmpty()) {
            throw new IllegalArgumentException("method is empty");
        }
        parameters.forEach((name, value) -> {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value of " + name);
        });
        return new RpcV1Request(method, new TreeMap<>(parameters));
    }

    /**
     * The request as received: its parameters are those of {@code rawQuery} and of {@code formBody} combined
     * ({@link #combine}).
     *
     * @param rawQuery the query string as sent on the wire, without {@code ?}; {@code null} or empty for none
     * @param formBody the body when its content type is {@code application/x-www-form-urlencoded}, otherwise an
     *     empty array
     * @throws SignatureException of kind {@code IncompleteSignature} if either is malformed or a name repeats
     */
    public static RpcV1Request parse(String method, String rawQuery, byte[] formBody) {
        return of(method, combine(parseQuery(rawQuery), parseFormBody(formBody)));
    }

    /**
     * Rule: a query string decodes as {@link Acs3Request#parseRawQuery} does ({@code +} is a space, escapes are
     * UTF-8, a part without {@code =} has the empty value).
     *
     * @throws SignatureException of kind {@code IncompleteSignature} on a malformed escape or bytes that are not
     *     UTF-8
     */
    public static List<QueryParameter> parseQuery(String rawQuery) {
        try {
            return Acs3Request.parseRawQuery(rawQuery);
        } catch (IllegalArgumentException e) {
            throw SignatureException.incomplete(e.getMessage());
        }
    }

    /**
     * Rule: a form body is UTF-8 text decoded as a query string ({@link #parseQuery}), as the SDK writes it with
     * {@link java.net.URLEncoder}.
     *
     * @throws SignatureException of kind {@code IncompleteSignature} if the body is not UTF-8 or is malformed
     */
    public static List<QueryParameter> parseFormBody(byte[] formBody) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(formBody)).toString();
            return parseQuery(text);
        } catch (CharacterCodingException e) {
            throw SignatureException.incomplete("form body is not utf-8");
        }
    }

    /**
     * Rule: the parameters of the query and of the form body together, by name; each name at most once in all.
     *
     * @throws SignatureException of kind {@code IncompleteSignature}, naming the parameter, if a name repeats
     */
    public static SortedMap<String, String> combine(List<QueryParameter> query, List<QueryParameter> formBody) {
        SortedMap<String, String> parameters = new TreeMap<>();
        for (List<QueryParameter> place : List.of(query, formBody)) {
            for (QueryParameter parameter : place) {
                if (parameters.putIfAbsent(parameter.name(), parameter.value()) != null) {
                    throw SignatureException.incompleteParameter(
                            parameter.name(), "parameter '" + parameter.name() + "' is repeated");
                }
            }
        }
        return parameters;
    }

    /**
     * Writes parameters for the wire, as a query string or a form body: {@code pe(name)=pe(value)} joined by
     * {@code &}, in name order. {@link #parseQuery} reads it back exactly, since {@code pe} leaves no {@code +}.
     */
    public static String encode(Map<String, String> parameters) {
        // The same text as the canonicalized query of these parameters.
        return RpcV1StringToSign.canonicalizedQuery(new TreeMap<>(parameters));
    }

    public String method() {
        return method;
    }

    /** Every parameter, including {@code Signature} when present, sorted by name. */
    public SortedMap<String, String> parameters() {
        return parameters;
    }

    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /** This request with {@code name} set to {@code value}, replacing any value it had. */
    public RpcV1Request with(String name, String value) {
        SortedMap<String, String> changed = new TreeMap<>(parameters);
        changed.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new RpcV1Request(method, changed);
    }

    /** This request without parameter {@code name}. */
    public RpcV1Request without(String name) {
        SortedMap<String, String> changed = new TreeMap<>(parameters);
        changed.remove(name);
        return new RpcV1Request(method, changed);
    }

    @Override
    public String toString() {
        // Parameter names only: a value may be a signature or a token.
        return method + " " + parameters.keySet();
    }
}
