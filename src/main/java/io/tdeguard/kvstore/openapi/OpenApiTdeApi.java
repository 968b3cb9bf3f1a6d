package io.tdeguard.kvstore.openapi;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.runtime.StartupEvent;
import io.tdeguard.kvstore.BackendCall;
import io.tdeguard.kvstore.ChangeDeadline;
import io.tdeguard.kvstore.EncryptionKeyList;
import io.tdeguard.kvstore.EncryptionKeyResult;
import io.tdeguard.kvstore.InstanceAttribute;
import io.tdeguard.kvstore.ModifyTdeCommand;
import io.tdeguard.kvstore.ModifyTdeResult;
import io.tdeguard.kvstore.ResourceAuthorization;
import io.tdeguard.kvstore.TdeApi;
import io.tdeguard.kvstore.TdeApiException;
import io.tdeguard.kvstore.TdeApiException.Certainty;
import io.tdeguard.kvstore.TdeBackend;
import io.tdeguard.kvstore.TdeStatus;
import io.tdeguard.kvstore.TdeStatusResult;
import io.tdeguard.signature.Acs3Headers;

/**
 * The {@code tdeguard.tde.backend=openapi} adapter: calls the real R-kvstore OpenAPI (2015-01-01) as the official
 * SDK does ({@link RpcRequest}), through {@link OpenApiClient}'s retry rules.
 *
 * <p>ModifyInstanceTDE is guarded by reads first, so that a change that cannot or need not happen is never asked:
 * <ol>
 *   <li>DescribeInstanceTDEStatus: already {@code Enabled} → a success that changed nothing, no ModifyInstanceTDE;</li>
 *   <li>with an {@code EncryptionKey}: DescribeEncryptionKeyList must list it, else {@code
 *       InvalidEncryptionKey.NotFound} (400);</li>
 *   <li>with a {@code RoleArn}: CheckCloudResourceAuthorized must report it authorized, else {@code
 *       InvalidRoleArn.NotAuthorized} (400).</li>
 * </ol>
 * No step starts after the change's deadline, and ModifyInstanceTDE is sent (or sent again after a failed connection or
 * a throttling) only if it can end by it ({@link ChangeDeadline}). Whatever goes wrong before ModifyInstanceTDE is
 * sent, even a timeout of a read or a passed deadline, is {@code REJECTED}: the change surely did not happen. Every call made, with its RequestId, is in the result or the exception.
 */
@ApplicationScoped
@TdeBackend
@LookupIfProperty(name = TdeBackend.PROPERTY, stringValue = "openapi")
public class OpenApiTdeApi implements TdeApi {

    static final String KEY_NOT_FOUND = "InvalidEncryptionKey.NotFound";
    static final String ROLE_NOT_AUTHORIZED = "InvalidRoleArn.NotAuthorized";

    private final CredentialsProvider credentials;
    private final String defaultRegionId;
    private final OpenApiClient client;
    private final Endpoints endpoints;

    @Inject
    OpenApiTdeApi(OpenApiConfig config, CredentialsResolver credentials,
            @ConfigProperty(name = "tdeguard.region-id") String defaultRegionId) {
        this(new Endpoints(config.endpoint(), config.regionEndpoints()), credentials, defaultRegionId,
                new OpenApiClient(HttpClient.newBuilder()
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .version(HttpClient.Version.HTTP_1_1),
                        config.connectTimeout(), config.readTimeout(), config.retry().maxAttempts(), config.retry().backoff(),
                        config.retry().maxBackoff(), Clock.systemUTC(), Acs3Headers::randomNonce));
    }

    /** For tests: a client with a fixed clock and nonce, credentials of their choosing. */
    OpenApiTdeApi(Endpoints endpoints, CredentialsProvider credentials, String defaultRegionId, OpenApiClient client) {
        this.endpoints = endpoints;
        this.credentials = credentials;
        this.defaultRegionId = defaultRegionId;
        this.client = client;
    }

    /**
     * A wrong endpoint stops the start, when this backend is the one selected. Static, so that another backend's
     * start does not create this one.
     */
    static void checkAtStartup(@Observes StartupEvent startup, OpenApiConfig config,
            @ConfigProperty(name = TdeBackend.PROPERTY, defaultValue = "simulator") String backend,
            @ConfigProperty(name = "tdeguard.region-id") String defaultRegionId) {
        if ("openapi".equals(backend)) {
            new Endpoints(config.endpoint(), config.regionEndpoints()).forRegion(defaultRegionId);
        }
    }

    /** The pre-checks (DescribeInstanceTDEStatus, DescribeEncryptionKeyList, CheckCloudResourceAuthorized) and the change. */
    @Override
    public Duration longestChange() {
        return client.longestCall().multipliedBy(4);
    }

    @Override
    public ModifyTdeResult modifyInstanceTde(ModifyTdeCommand command, ChangeDeadline deadline) throws TdeApiException {
        List<BackendCall> calls = new ArrayList<>();
        Call call = new Call(command.regionId(), calls);
        try {
            deadline.check(DESCRIBE_INSTANCE_TDE_STATUS, Duration.ZERO);
            TdeStatusResult status = describeTdeStatus(call, command.instanceId());
            if (TdeStatus.ENABLED.equals(status.tdeStatus()) && TdeStatus.ENABLED.equals(command.tdeStatus())) {
                return new ModifyTdeResult(status.backendRequestId(), false, calls);
            }
            if (command.encryptionKey() != null) {
                deadline.check(DESCRIBE_ENCRYPTION_KEY_LIST, Duration.ZERO);
                EncryptionKeyList keys = describeKeys(call, command.instanceId());
                if (!keys.keyIds().contains(command.encryptionKey())) {
                    throw refused(KEY_NOT_FOUND, "the encryption key \"" + command.encryptionKey()
                            + "\" is not one the instance can use (DescribeEncryptionKeyList does not list it)",
                            keys.backendRequestId(), calls);
                }
            }
            if (command.roleArn() != null) {
                deadline.check(CHECK_CLOUD_RESOURCE_AUTHORIZED, Duration.ZERO);
                ResourceAuthorization authorization = checkAuthorized(call, command.instanceId(), command.roleArn());
                if (!authorization.authorized()) {
                    throw refused(ROLE_NOT_AUTHORIZED, "the RAM role \"" + command.roleArn()
                            + "\" is not authorized for the instance to use KMS (CheckCloudResourceAuthorized: "
                            + "AuthorizationState " + authorization.authorizationState() + ")",
                            authorization.backendRequestId(), calls);
                }
            }
        } catch (TdeApiException e) {
            // Nothing was sent that could change the instance.
            throw new TdeApiException(e.code(), e.httpStatus(), e.getMessage(), e.backendRequestId(),
                    Certainty.REJECTED, e.getCause(), calls);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("InstanceId", command.instanceId());
        parameters.put("TDEStatus", command.tdeStatus());
        parameters.put("EncryptionName", command.encryptionName());
        parameters.put("EncryptionKey", command.encryptionKey());
        parameters.put("RoleArn", command.roleArn());
        RpcAnswer answer = call.send(MODIFY_INSTANCE_TDE, parameters, deadline);
        return new ModifyTdeResult(answer.requestId(), true, calls);
    }

    @Override
    public TdeStatusResult describeInstanceTdeStatus(String regionId, String instanceId) throws TdeApiException {
        return describeTdeStatus(new Call(regionId, new ArrayList<>()), instanceId);
    }

    @Override
    public EncryptionKeyList describeEncryptionKeyList(String regionId, String instanceId) throws TdeApiException {
        return describeKeys(new Call(regionId, new ArrayList<>()), instanceId);
    }

    @Override
    public EncryptionKeyResult describeEncryptionKey(String regionId, String instanceId, String encryptionKey)
            throws TdeApiException {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("InstanceId", instanceId);
        parameters.put("EncryptionKey", encryptionKey);
        RpcAnswer answer = new Call(regionId, new ArrayList<>()).send(DESCRIBE_ENCRYPTION_KEY, parameters, null);
        JsonNode body = answer.body();
        return new EncryptionKeyResult(answer.requestId(), text(body, "EncryptionKey"),
                text(body, "EncryptionKeyStatus"), text(body, "EncryptionName"), text(body, "KeyUsage"),
                text(body, "Origin"), text(body, "Description"), text(body, "RoleArn"));
    }

    @Override
    public ResourceAuthorization checkCloudResourceAuthorized(String regionId, String instanceId, String roleArn)
            throws TdeApiException {
        return checkAuthorized(new Call(regionId, new ArrayList<>()), instanceId, roleArn);
    }

    @Override
    public InstanceAttribute describeInstanceAttribute(String regionId, String instanceId) throws TdeApiException {
        return describeAttribute(new Call(regionId, new ArrayList<>()), instanceId);
    }

    private InstanceAttribute describeAttribute(Call call, String instanceId) throws TdeApiException {
        RpcAnswer answer = call.send(DESCRIBE_INSTANCE_ATTRIBUTE, Map.of("InstanceId", instanceId), null);
        JsonNode attributes = answer.body().path("Instances").path("DBInstanceAttribute");
        JsonNode instance = attributes.isArray() && attributes.size() > 0 ? attributes.get(0) : null;
        if (instance == null) {
            throw invalidResponse(DESCRIBE_INSTANCE_ATTRIBUTE, "Instances.DBInstanceAttribute", answer);
        }
        return new InstanceAttribute(answer.requestId(), text(instance, "InstanceId"), text(instance, "RegionId"),
                text(instance, "EngineVersion"), text(instance, "InstanceStatus"),
                instance.path("IsSupportTDE").asBoolean(false));
    }

    private TdeStatusResult describeTdeStatus(Call call, String instanceId) throws TdeApiException {
        RpcAnswer answer = call.send(DESCRIBE_INSTANCE_TDE_STATUS, Map.of("InstanceId", instanceId), null);
        String status = text(answer.body(), "TDEStatus");
        if (!TdeStatus.ENABLED.equals(status) && !TdeStatus.DISABLED.equals(status)) {
            throw invalidResponse(DESCRIBE_INSTANCE_TDE_STATUS, "TDEStatus", answer);
        }
        return new TdeStatusResult(answer.requestId(), status);
    }

    private EncryptionKeyList describeKeys(Call call, String instanceId) throws TdeApiException {
        RpcAnswer answer = call.send(DESCRIBE_ENCRYPTION_KEY_LIST, Map.of("InstanceId", instanceId), null);
        List<String> keyIds = new ArrayList<>();
        answer.body().path("KeyIds").path("KeyId").forEach(keyId -> keyIds.add(keyId.asText()));
        return new EncryptionKeyList(answer.requestId(), keyIds);
    }

    private ResourceAuthorization checkAuthorized(Call call, String instanceId, String roleArn) throws TdeApiException {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("InstanceId", instanceId);
        parameters.put("RoleArn", roleArn);
        RpcAnswer answer = call.send(CHECK_CLOUD_RESOURCE_AUTHORIZED, parameters, null);
        JsonNode state = answer.body().get("AuthorizationState");
        if (state == null || !state.canConvertToInt()) {
            throw invalidResponse(CHECK_CLOUD_RESOURCE_AUTHORIZED, "AuthorizationState", answer);
        }
        return new ResourceAuthorization(answer.requestId(), state.asInt());
    }

    /** The calls serving one port method: one region, one credential, one log of calls. */
    private final class Call {
        private final String regionId;
        private final URI endpoint;
        private final List<BackendCall> log;
        private OutboundCredentials resolved;

        Call(String regionId, List<BackendCall> log) {
            this.regionId = regionId == null || regionId.isBlank() ? defaultRegionId : regionId;
            this.endpoint = endpoints.forRegion(this.regionId);
            this.log = log;
        }

        /** @param deadline of a change (ModifyInstanceTDE); null for a read */
        RpcAnswer send(String action, Map<String, String> parameters, ChangeDeadline deadline) throws TdeApiException {
            if (resolved == null) {
                resolved = credentials.resolve();
            }
            return client.call(endpoint, action, parameters, resolved, deadline, log);
        }
    }

    private static TdeApiException refused(String code, String message, String requestId, List<BackendCall> calls) {
        return new TdeApiException(code, 400, message, requestId, Certainty.REJECTED, null, calls);
    }

    private static TdeApiException invalidResponse(String action, String field, RpcAnswer answer) {
        return TdeApiException.rejected(OpenApiClient.INVALID_RESPONSE, 502,
                "the answer to " + action + " has no valid " + field, answer.requestId());
    }

    private static String text(JsonNode node, String field) {
        return OpenApiClient.text(node, field);
    }
}
