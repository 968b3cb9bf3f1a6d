package io.tdeguard.kvstore.openapi;

import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.tdeguard.kvstore.TdeApiException;
import io.tdeguard.kvstore.openapi.OpenApiConfig.CredentialsSource;
import io.tdeguard.signature.AccessKeySecret;
import io.tdeguard.web.CurrentRequest;
import io.tdeguard.api.RequestFacts;

/**
 * Chooses the credentials of each outbound call, at call time ({@link OpenApiConfig#credentialsSource()}): the STS
 * credentials that Function Compute passes with the request being served, or the static AccessKey. They are used
 * for signing only: never logged, never audited (the audit trail records no request headers).
 */
@ApplicationScoped
public class CredentialsResolver implements CredentialsProvider {

    /** The headers in which the Function Compute runtime passes the function role's STS credentials. */
    public static final String FC_ACCESS_KEY_ID = "x-fc-access-key-id";
    public static final String FC_ACCESS_KEY_SECRET = "x-fc-access-key-secret";
    public static final String FC_SECURITY_TOKEN = "x-fc-security-token";

    private final OpenApiConfig config;
    private final Supplier<Optional<RequestFacts>> currentRequest;

    @Inject
    CredentialsResolver(OpenApiConfig config, CurrentRequest currentRequest) {
        this(config, currentRequest::current);
    }

    /** @param currentRequest the facts of the request being served, if any */
    CredentialsResolver(OpenApiConfig config, Supplier<Optional<RequestFacts>> currentRequest) {
        this.config = config;
        this.currentRequest = currentRequest;
    }

    /**
     * @throws TdeApiException {@code REJECTED} when no credentials are available: the call is not made
     */
    @Override
    public OutboundCredentials resolve() throws TdeApiException {
        CredentialsSource source = config.credentialsSource();
        if (source != CredentialsSource.STATIC) {
            Optional<OutboundCredentials> fromFunctionCompute = currentRequest.get().flatMap(
                    CredentialsResolver::fromFunctionCompute);
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

    static Optional<OutboundCredentials> fromFunctionCompute(RequestFacts facts) {
        String id = facts.header(FC_ACCESS_KEY_ID);
        String secret = facts.header(FC_ACCESS_KEY_SECRET);
        if (isBlank(id) || isBlank(secret)) {
            return Optional.empty();
        }
        String token = facts.header(FC_SECURITY_TOKEN);
        return Optional.of(new OutboundCredentials(id.trim(), AccessKeySecret.of(secret.trim()),
                isBlank(token) ? null : token.trim()));
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
