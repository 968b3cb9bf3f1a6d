package io.tdeguard.client;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import io.tdeguard.signature.Acs3Headers;
import io.tdeguard.signature.Acs3Request;
import io.tdeguard.signature.Acs3Signer;

/**
 * One signed call to a function: {@code POST <endpoint>/<Action>} with a JSON body and the headers an official
 * Alibaba Cloud SDK sends, signed with ACS3-HMAC-SHA256.
 *
 * @param uri where to send it
 * @param request what was signed, with its {@code Authorization} header
 */
record SignedCall(URI uri, Acs3Request request) {

    /** The API version of TDE Guard's functions: that of the Redis (R-KVStore) API they guard. */
    static final String API_VERSION = "2015-01-01";
    static final String CONTENT_TYPE = "application/json";

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    static SignedCall build(AcsCallArguments arguments, Credentials credentials, Clock clock, Supplier<String> nonce) {
        URI uri = arguments.callUri();
        byte[] body = arguments.json().getBytes(StandardCharsets.UTF_8);
        Acs3Headers.Standard headers = Acs3Headers.standard(arguments.action(), API_VERSION)
                .host(hostHeader(uri))
                .contentType(CONTENT_TYPE)
                .clock(clock)
                .nonce(nonce);
        credentials.securityToken().ifPresent(headers::securityToken);
        Acs3Request unsigned = Acs3Request.builder("POST", uri.getRawPath())
                .headers(headers.build(body))
                .body(body)
                .build();
        String authorization = Acs3Signer.sign(unsigned, credentials.accessKeyId(), credentials.secret()).authorization();
        return new SignedCall(uri, unsigned.toBuilder().header("Authorization", authorization).build());
    }

    /**
     * The {@code Host} header {@link java.net.http.HttpClient} sends, which it does not let us set: the host, with
     * the port unless it is the scheme's default.
     */
    static String hostHeader(URI uri) {
        int defaultPort = "https".equals(uri.getScheme()) ? 443 : 80;
        boolean omitPort = uri.getPort() == -1 || uri.getPort() == defaultPort;
        return omitPort ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    /** The request for {@link java.net.http.HttpClient}: every signed header but {@code host}, which it derives. */
    HttpRequest toHttpRequest() {
        HttpRequest.Builder http = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, value) -> {
            if (!name.equals(Acs3Headers.HOST)) {
                http.header(name, value);
            }
        });
        return http.build();
    }
}
