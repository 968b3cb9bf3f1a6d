package io.tdeguard.kvstore.openapi;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the {@code tdeguard.tde.backend=openapi} adapter. */
@ConfigMapping(prefix = "tdeguard.openapi")
public interface OpenApiConfig {

    /**
     * The R-kvstore endpoint, HTTPS; {@code {RegionId}} in it is replaced by the instance's region, e.g.
     * {@code https://r-kvstore.{RegionId}.aliyuncs.com}. Plain HTTP is accepted only for a loopback host (tests).
     */
    @WithDefault("https://r-kvstore.aliyuncs.com")
    String endpoint();

    /** Endpoints of single regions, overriding {@link #endpoint()}: {@code region-endpoints."cn-shanghai"=https://…}. */
    Map<String, String> regionEndpoints();

    /** How long to wait for a connection. */
    @WithDefault("PT5S")
    Duration connectTimeout();

    /** How long to wait for the answer once the request is sent; a ModifyInstanceTDE past it is in doubt. */
    @WithDefault("PT10S")
    Duration readTimeout();

    /** A static AccessKey for the calls (a RAM user's, or an STS key with {@link #securityToken()}). */
    Optional<String> accessKeyId();

    Optional<String> accessKeySecret();

    Optional<String> securityToken();

    /** Where the calls' credentials come from: {@code auto}, {@code static} or {@code function-compute}. */
    @WithDefault("auto")
    CredentialsSource credentialsSource();

    Retry retry();

    /** Where the credentials of the outbound calls come from. */
    enum CredentialsSource {
        /**
         * The STS credentials Function Compute passes with each request ({@code x-fc-access-key-id},
         * {@code x-fc-access-key-secret}, {@code x-fc-security-token}) when the request carries them, else the
         * static AccessKey. Outside Function Compute choose {@code static}: there any caller could send those headers.
         */
        AUTO,
        /** Only the static AccessKey of {@code tdeguard.openapi.access-key-id} and {@code .access-key-secret}. */
        STATIC,
        /** Only the Function Compute request headers. */
        FUNCTION_COMPUTE
    }

    interface Retry {
        /** Attempts of one call, the first included, where a retry is safe (see {@code OpenApiClient}). */
        @WithDefault("3")
        int maxAttempts();

        /** Wait before the second attempt; each further wait doubles, up to {@link #maxBackoff()}. */
        @WithDefault("PT0.2S")
        Duration backoff();

        @WithDefault("PT5S")
        Duration maxBackoff();
    }
}
