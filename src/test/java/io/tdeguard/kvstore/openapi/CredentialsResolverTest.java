package io.tdeguard.kvstore.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.tdeguard.kvstore.TdeApiException;
import io.tdeguard.kvstore.TdeApiException.Certainty;
import io.tdeguard.kvstore.openapi.OpenApiConfig.CredentialsSource;
import io.tdeguard.signature.AccessKeySecret;

/** Which credentials sign an outbound call: the platform's (Function Compute's), the static key, or none. */
class CredentialsResolverTest {

    private static final OutboundCredentials ON_FUNCTION_COMPUTE = new OutboundCredentials("STS.fcKey",
            AccessKeySecret.of("fc-secret"), "fc-token");
    private static final OutboundCredentials PLAIN = null;

    @Test
    void autoPrefersFunctionComputesCredentialsThenTheStaticKey() throws TdeApiException {
        OutboundCredentials fromFc = resolver(CredentialsSource.AUTO, true, ON_FUNCTION_COMPUTE).resolve();
        OutboundCredentials fromConfig = resolver(CredentialsSource.AUTO, true, PLAIN).resolve();
        OutboundCredentials outsideARequest = resolver(CredentialsSource.AUTO, true, PLAIN).resolve();

        assertEquals("STS.fcKey", fromFc.accessKeyId());
        assertEquals("fc-token", fromFc.securityToken());
        assertEquals("LTAIstatic", fromConfig.accessKeyId());
        assertNull(fromConfig.securityToken());
        assertEquals("LTAIstatic", outsideARequest.accessKeyId());
    }

    @Test
    void staticIgnoresTheRequestHeaders() throws TdeApiException {
        assertEquals("LTAIstatic", resolver(CredentialsSource.STATIC, true, ON_FUNCTION_COMPUTE).resolve().accessKeyId());
    }

    @Test
    void functionComputeNeverFallsBackToTheStaticKey() {
        TdeApiException none = assertThrows(TdeApiException.class,
                () -> resolver(CredentialsSource.FUNCTION_COMPUTE, true, PLAIN).resolve());

        assertEquals(Certainty.REJECTED, none.certainty());
        assertEquals(503, none.httpStatus());
    }

    @Test
    void noCredentialsAtAllRefusesTheCall() {
        assertThrows(TdeApiException.class, () -> resolver(CredentialsSource.AUTO, false, PLAIN).resolve());
    }

    private static CredentialsResolver resolver(CredentialsSource source, boolean withStaticKey,
            OutboundCredentials fromPlatform) {
        return new CredentialsResolver(config(source, withStaticKey), () -> Optional.ofNullable(fromPlatform));
    }

    private static OpenApiConfig config(CredentialsSource source, boolean withStaticKey) {
        return new OpenApiConfig() {
            public String endpoint() {
                return "https://r-kvstore.aliyuncs.com";
            }

            public Map<String, String> regionEndpoints() {
                return Map.of();
            }

            public Duration connectTimeout() {
                return Duration.ofSeconds(1);
            }

            public Duration readTimeout() {
                return Duration.ofSeconds(1);
            }

            public Optional<String> accessKeyId() {
                return withStaticKey ? Optional.of("LTAIstatic") : Optional.empty();
            }

            public Optional<String> accessKeySecret() {
                return withStaticKey ? Optional.of("static-secret") : Optional.empty();
            }

            public Optional<String> securityToken() {
                return Optional.empty();
            }

            public CredentialsSource credentialsSource() {
                return source;
            }

            public Retry retry() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
