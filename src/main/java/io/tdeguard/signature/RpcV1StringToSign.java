package io.tdeguard.signature;

import java.util.Objects;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * The string to sign of the RPC V1 signature ({@code SignatureMethod=HMAC-SHA1}, {@code SignatureVersion=1.0}):
 * the exact text whose HMAC is the signature. Immutable.
 *
 * <pre>
 * StringToSign     = METHOD &amp; pe("/") &amp; pe(CanonicalizedQuery)
 * CanonicalizedQuery = pe(name)=pe(value) for every parameter but Signature, sorted by name, joined by &amp;
 * </pre>
 *
 * {@code pe} is {@link Acs3CanonicalRequest#percentEncode}, the same percent-encoding as ACS3 ({@code DESIGN.md} §5).
 * Each part has one static method below. Source: Alibaba Cloud, "Request syntax and signature method V2 for RPC
 * APIs", and {@code aliyun-java-sdk-core} 4.7.9 {@code RpcSignatureComposer#composeStringToSign}, which this
 * matches byte for byte ({@code RpcV1SdkParityTest}).
 */
public final class RpcV1StringToSign {

    /** The parameter the string to sign leaves out: the signature itself. */
    public static final String EXCLUDED_PARAMETER = RpcV1Parameters.SIGNATURE;

    /** {@code pe("/")}: RPC requests have no path of their own, every one is signed as {@code /}. */
    public static final String ENCODED_PATH = Acs3CanonicalRequest.percentEncode("/");

    private final String method;
    private final SortedMap<String, String> signedParameters;
    private final String canonicalizedQuery;
    private final String text;

    private RpcV1StringToSign(RpcV1Request request) {
        this.method = request.method();
        this.signedParameters = signedParameters(request);
        this.canonicalizedQuery = canonicalizedQuery(signedParameters);
        this.text = text(method, canonicalizedQuery);
    }

    /** The string to sign of {@code request}; a {@code Signature} parameter in it is ignored. */
    public static RpcV1StringToSign of(RpcV1Request request) {
        return new RpcV1StringToSign(Objects.requireNonNull(request, "request"));
    }

    /** Rule: every parameter of the request except {@link #EXCLUDED_PARAMETER}, sorted by name. */
    public static SortedMap<String, String> signedParameters(RpcV1Request request) {
        return request.without(EXCLUDED_PARAMETER).parameters();
    }

    /**
     * Rule: {@code pe(name)=pe(value)} for every parameter in name order ({@link String#compareTo}, as the SDK's
     * {@code Arrays.sort}), joined by {@code &}. An empty value gives {@code name=}; no parameters give the empty
     * string.
     */
    public static String canonicalizedQuery(SortedMap<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(entry -> Acs3CanonicalRequest.percentEncode(entry.getKey())
                        + "=" + Acs3CanonicalRequest.percentEncode(entry.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** Rule: {@code METHOD&%2F&pe(canonicalizedQuery)}. The method is taken as sent ({@code GET}, {@code POST}). */
    public static String text(String method, String canonicalizedQuery) {
        return method + "&" + ENCODED_PATH + "&" + Acs3CanonicalRequest.percentEncode(canonicalizedQuery);
    }

    public String method() {
        return method;
    }

    /** The parameters signed, sorted by name. */
    public SortedMap<String, String> signedParameters() {
        return signedParameters;
    }

    /** The canonicalized query, before its own percent-encoding in {@link #text()}. */
    public String canonicalizedQuery() {
        return canonicalizedQuery;
    }

    /** The string to sign. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
