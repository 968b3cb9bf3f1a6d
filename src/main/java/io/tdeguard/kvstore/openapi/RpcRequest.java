package io.tdeguard.kvstore.openapi;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Supplier;

import io.tdeguard.signature.Acs3CanonicalRequest;
import io.tdeguard.signature.Acs3Headers;
import io.tdeguard.signature.Acs3Request;
import io.tdeguard.signature.Acs3Signature;
import io.tdeguard.signature.Acs3Signer;

/**
 * One R-kvstore RPC call as the official SDK (tea-openapi, ACS3-HMAC-SHA256) makes it: {@code POST /} with the
 * parameters in the query string and an empty body; the headers {@code host}, {@code x-acs-action},
 * {@code x-acs-version}, {@code x-acs-date}, {@code x-acs-signature-nonce}, {@code x-acs-content-sha256}, with STS
 * credentials also {@code x-acs-accesskey-id} and {@code x-acs-security-token}, all of them signed; and the unsigned
 * {@code accept} and {@code user-agent}. Plain Java, so that a test can compare it with the SDK's request.
 *
 * @param uri where it is sent: the endpoint, path {@code /}, the query
 * @param request what was signed, with its {@code Authorization} header
 * @param signature the signature and its intermediates
 */
public record RpcRequest(URI uri, Acs3Request request, Acs3Signature signature) {

    public static final String API_VERSION = "2015-01-01";
    /** Sent by the SDK with STS credentials, and signed like every {@code x-acs-*} header. */
    public static final String ACCESS_KEY_ID_HEADER = "x-acs-accesskey-id";
    static final String USER_AGENT = "TDE-Guard (java.net.http)";

    /**
     * Builds and signs a call.
     *
     * @param endpoint scheme and authority, e.g. {@code https://r-kvstore.aliyuncs.com}
     * @param parameters in the order they are sent; null values are left out, as the SDK leaves out unset fields
     */
    public static RpcRequest sign(URI endpoint, String action, Map<String, String> parameters,
            OutboundCredentials credentials, Clock clock, Supplier<String> nonce) {
        Map<String, String> sent = new LinkedHashMap<>();
        parameters.forEach((name, value) -> {
            if (value != null) {
                sent.put(name, value);
            }
        });
        byte[] body = new byte[0];
        Acs3Headers.Standard standard = Acs3Headers.standard(action, API_VERSION)
                .host(hostHeader(endpoint)).clock(clock).nonce(nonce);
        credentials.token().ifPresent(standard::securityToken);
        Acs3Request.Builder builder = Acs3Request.builder("POST", "/").headers(standard.build(body))
                .header("accept", "application/json").header("user-agent", USER_AGENT).body(body);
        sent.forEach(builder::queryParameter);
        if (credentials.token().isPresent()) {
            builder.header(ACCESS_KEY_ID_HEADER, credentials.accessKeyId());
        }
        Acs3Request unsigned = builder.build();
        Acs3Signature signature = Acs3Signer.sign(unsigned, credentials.accessKeyId(), credentials.secret());
        Acs3Request signed = unsigned.toBuilder().header(Acs3Headers.AUTHORIZATION, signature.authorization()).build();
        return new RpcRequest(URI.create(endpoint.getScheme() + "://" + endpoint.getRawAuthority() + "/?"
                + rawQuery(sent)), signed, signature);
    }

    /** The query as sent: {@code pe(name)=pe(value)} in the parameters' order. */
    static String rawQuery(Map<String, String> parameters) {
        StringJoiner query = new StringJoiner("&");
        parameters.forEach((name, value) -> query.add(
                Acs3CanonicalRequest.percentEncode(name) + "=" + Acs3CanonicalRequest.percentEncode(value)));
        return query.toString();
    }

    /**
     * The {@code Host} header {@link java.net.http.HttpClient} sends, which it does not let us set: the host, with
     * the port unless it is the scheme's default.
     */
    static String hostHeader(URI endpoint) {
        int defaultPort = "https".equals(endpoint.getScheme()) ? 443 : 80;
        boolean omitPort = endpoint.getPort() == -1 || endpoint.getPort() == defaultPort;
        return omitPort ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
    }

    /** The request for {@link java.net.http.HttpClient}: every header but {@code host}, which it derives. */
    HttpRequest toHttpRequest(Duration readTimeout) {
        HttpRequest.Builder http = HttpRequest.newBuilder(uri)
                .timeout(readTimeout)
                .POST(HttpRequest.BodyPublishers.noBody());
        request.headers().forEach((name, value) -> {
            if (!name.equals(Acs3Headers.HOST)) {
                http.header(name, value);
            }
        });
        return http.build();
    }

    @Override
    public String toString() {
        // The Authorization header is harmless (a signature), but the token is a credential: name neither.
        return "RpcRequest[" + request.header(Acs3Headers.ACTION).orElse("?") + " " + uri.getRawAuthority() + "]";
    }
}
