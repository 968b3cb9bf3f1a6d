package io.tdeguard.kvstore.openapi;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.tdeguard.kvstore.TdeApiException;
import io.tdeguard.kvstore.openapi.OpenApiConfig.CredentialsSource;
import io.tdeguard.signature.AccessKeySecret;

/**
 * Chooses the credentials of each outbound call, at call time ({@link OpenApiConfig#credentialsSource()}): the STS
 * credentials that the platform passes with the invocation being served ({@link PlatformCredentials}), or the static
 * AccessKey. They are used for signing only: never logged, never audited.
 */
@ApplicationScoped
public class CredentialsResolver implements CredentialsProvider {

    private final OpenApiConfig config;
    private final PlatformCredentials platform;

    CredentialsResolver(OpenApiConfig config, PlatformCredentials platform) {
        this.config = config;
        this.platform = platform;
    }

    /**
     * @throws TdeApiException {@code REJECTED} when no credentials are available: the call is not made
     */
    @Override
    public OutboundCredentials resolve() throws TdeApiException {
        CredentialsSource source = config.credentialsSource();
        if (source != CredentialsSource.STATIC) {
            Optional<OutboundCredentials> fromFunctionCompute = platform.current();
            if (fromFunctionCompute.isPresent()) {
                return fromFunctionCompute.get();
            }
        }
        if (source != CredentialsSource.FUNCTION_COMPUTE) {
            Optional<OutboundCredentials> configured = fromConfiguration();
            if (configured.isPresent()) {
                return configured.get();
            }
        }
        throw TdeApiException.rejected("ServiceUnavailable", 503, "the function has no credentials for the "
                + "R-kvstore OpenAPI (credentials-source " + source + "): configure tdeguard.openapi.access-key-id "
                + "and .access-key-secret, or run on Function Compute with a role", null);
    }

    private Optional<OutboundCredentials> fromConfiguration() {
        if (config.accessKeyId().isEmpty() || config.accessKeySecret().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new OutboundCredentials(config.accessKeyId().get().trim(),
                AccessKeySecret.of(config.accessKeySecret().get().trim()),
                config.securityToken().filter(token -> !isBlank(token)).map(String::trim).orElse(null)));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
