package io.tdeguard.web;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.tdeguard.api.ApiException;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.kvstore.openapi.OutboundCredentials;
import io.tdeguard.kvstore.openapi.PlatformCredentials;
import io.tdeguard.signature.AccessKeySecret;

/**
 * The STS credentials of the function's role as Function Compute passes them: in the {@code x-fc-access-key-id},
 * {@code x-fc-access-key-secret} and {@code x-fc-security-token} headers of each invocation (Function Compute 3.0,
 * "Common request headers"). Never logged, never audited: the trail records no headers.
 *
 * <p>Only on Function Compute ({@link FunctionComputeRuntime}, from the environment): there the platform refuses
 * {@code x-fc-*} headers from callers and sets these itself. Anywhere else any caller could send them, so they are
 * ignored whatever {@code tdeguard.openapi.credentials-source} says. A request that carries one of them twice is
 * refused on Function Compute ({@link #refuseRepeated}): which value the platform meant cannot be told.
 */
@ApplicationScoped
public class FunctionComputeCredentials implements PlatformCredentials {

    static final String FC_ACCESS_KEY_ID = "x-fc-access-key-id";
    static final String FC_ACCESS_KEY_SECRET = "x-fc-access-key-secret";
    static final String FC_SECURITY_TOKEN = "x-fc-security-token";

    static final List<String> CREDENTIAL_HEADERS = List.of(FC_ACCESS_KEY_ID, FC_ACCESS_KEY_SECRET, FC_SECURITY_TOKEN);
    private static final Logger LOG = Logger.getLogger(FunctionComputeCredentials.class);

    private final CurrentRequest request;
    private final FunctionComputeRuntime runtime;

    FunctionComputeCredentials(CurrentRequest request, FunctionComputeRuntime runtime) {
        this.request = request;
        this.runtime = runtime;
    }

    @Override
    public Optional<OutboundCredentials> current() {
        if (!runtime.present()) {
            return Optional.empty();
        }
        return request.current().flatMap(FunctionComputeCredentials::of);
    }

    /**
     * Refuses a request that carries a credential header of Function Compute more than once.
     *
     * @throws ApiException {@code InvalidParameter} 400 naming the header (never its values)
     */
    static void refuseRepeated(Set<String> repeatedHeaders, String requestId) {
        for (String name : CREDENTIAL_HEADERS) {
            if (repeatedHeaders.contains(name)) {
                LOG.warnf("request %s carries the header %s more than once: refused", requestId, name);
                throw new ApiException("InvalidParameter", 400, "the header " + name + " is repeated: Function Compute "
                        + "sends it once, so the request did not come from it as sent");
            }
        }
    }

    /** The credentials in a request's headers; empty unless both the id and the secret are there. */
    static Optional<OutboundCredentials> of(RequestFacts facts) {
        if (CREDENTIAL_HEADERS.stream().anyMatch(facts.repeatedHeaders()::contains)) {
            return Optional.empty();
        }
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
