package io.tdeguard.web;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.tdeguard.api.RequestFacts;
import io.tdeguard.kvstore.openapi.OutboundCredentials;
import io.tdeguard.kvstore.openapi.PlatformCredentials;
import io.tdeguard.signature.AccessKeySecret;

/**
 * The STS credentials of the function's role as Function Compute passes them: in the {@code x-fc-access-key-id},
 * {@code x-fc-access-key-secret} and {@code x-fc-security-token} headers of each invocation (Function Compute 3.0,
 * "Request headers of HTTP-triggered functions"). Never logged, never audited: the trail records no headers.
 */
@ApplicationScoped
public class FunctionComputeCredentials implements PlatformCredentials {

    static final String FC_ACCESS_KEY_ID = "x-fc-access-key-id";
    static final String FC_ACCESS_KEY_SECRET = "x-fc-access-key-secret";
    static final String FC_SECURITY_TOKEN = "x-fc-security-token";

    private final CurrentRequest request;

    FunctionComputeCredentials(CurrentRequest request) {
        this.request = request;
    }

    @Override
    public Optional<OutboundCredentials> current() {
        return request.current().flatMap(FunctionComputeCredentials::of);
    }

    /** The credentials in a request's headers; empty unless both the id and the secret are there. */
    static Optional<OutboundCredentials> of(RequestFacts facts) {
        String id = facts.header(FC_ACCESS_KEY_ID);
        String secret = facts.header(FC_ACCESS_KEY_SECRET);
        if (isBlank(id) || isBlank(secret)) {
            return Optional.empty();
        }
        String token = facts.header(FC_SECURITY_TOKEN);
        return Optional.of(new OutboundCredentials(id.trim(), AccessKeySecret.of(secret.trim()),
                isBlank(token) ? null : token.trim()));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
