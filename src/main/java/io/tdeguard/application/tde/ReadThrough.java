package io.tdeguard.application.tde;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import io.tdeguard.api.ApiException;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.application.Invocation;
import io.tdeguard.application.Invocations;
import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.kvstore.EncryptionKeyList;
import io.tdeguard.kvstore.EncryptionKeyResult;
import io.tdeguard.kvstore.InstanceAttribute;
import io.tdeguard.kvstore.InstanceIds;
import io.tdeguard.kvstore.ResourceAuthorization;
import io.tdeguard.kvstore.RkvstoreResponses;
import io.tdeguard.kvstore.TdeApi;
import io.tdeguard.kvstore.TdeApiException;
import io.tdeguard.kvstore.TdeStatusResult;

/**
 * The R-kvstore reads that the CLI, Terraform and the SDKs make around a TDE change, answered for the caller, top to
 * bottom: authenticate → validate the action's parameters → confirm the instance's region with the backend
 * ({@link InstanceRegion}) → authorize ({@code kvstore:<Action>} on the instance's ARN) → ask the backend, with TDE
 * Guard's own outbound credentials → answer in R-kvstore's own response shape, the RequestId being ours. Each call is
 * audited as a read; the event's response elements are the answer's fields and the backend's RequestId(s). No
 * database connection is held while R-kvstore answers ({@link Invocations#runOutsideTransaction}).
 *
 * <p>DescribeInstances is served only for given {@code InstanceIds} (at most {@value #MAX_INSTANCE_IDS}): one
 * DescribeInstanceAttribute per id, each instance RAM-checked; an instance that is not in the region is left out, as
 * R-kvstore leaves it out.
 */
@ApplicationScoped
public class ReadThrough {

    public static final String DESCRIBE_INSTANCES = "DescribeInstances";

    /** What this use case serves, in the order a refusal lists them. */
    public static final List<String> ACTIONS = List.of(TdeApi.DESCRIBE_INSTANCE_ATTRIBUTE, DESCRIBE_INSTANCES,
            TdeApi.DESCRIBE_INSTANCE_TDE_STATUS, TdeApi.DESCRIBE_ENCRYPTION_KEY_LIST, TdeApi.DESCRIBE_ENCRYPTION_KEY,
            TdeApi.CHECK_CLOUD_RESOURCE_AUTHORIZED);

    /** R-kvstore's own limit of InstanceIds in one DescribeInstances. */
    static final int MAX_INSTANCE_IDS = 30;
    private static final int DEFAULT_PAGE_SIZE = 30;
    private static final int MAX_PAGE_SIZE = 100;

    private static final Map<String, Set<String>> PARAMETERS = Map.of(
            TdeApi.DESCRIBE_INSTANCE_ATTRIBUTE, Set.of("InstanceId", "RegionId"),
            DESCRIBE_INSTANCES, Set.of("InstanceIds", "RegionId", "PageNumber", "PageSize"),
            TdeApi.DESCRIBE_INSTANCE_TDE_STATUS, Set.of("InstanceId", "RegionId"),
            TdeApi.DESCRIBE_ENCRYPTION_KEY_LIST, Set.of("InstanceId", "RegionId"),
            TdeApi.DESCRIBE_ENCRYPTION_KEY, Set.of("InstanceId", "EncryptionKey", "RegionId"),
            TdeApi.CHECK_CLOUD_RESOURCE_AUTHORIZED, Set.of("InstanceId", "RoleArn", "RegionId"));

    private final Invocations invocations;
    private final TdeChangeBinder binder;
    private final TdeApi tdeApi;

    ReadThrough(Invocations invocations, TdeChangeBinder binder, TdeApi tdeApi) {
        this.invocations = invocations;
        this.binder = binder;
        this.tdeApi = tdeApi;
    }

    /** What the backend answered: the fields of R-kvstore's response but its RequestId, and that RequestId (or ids). */
    private record Answer(Map<String, Object> fields, List<String> backendRequestIds) {

        static Answer of(String backendRequestId, Map<String, Object> fields) {
            return new Answer(fields, backendRequestId == null ? List.of() : List.of(backendRequestId));
        }
    }

    /**
     * Serves the read the request names ({@link RequestFacts#action()}, one of {@link #ACTIONS}).
     *
     * @return R-kvstore's response: {@code RequestId} first, then the action's own fields
     */
    public Map<String, Object> handle(RequestFacts request, Map<String, Object> parameters) {
        String action = request.action();
        if (!ACTIONS.contains(action)) {
            throw new IllegalArgumentException("not a read this use case serves: " + action);
        }
        return invocations.runOutsideTransaction(request, ModifyInstanceTde.SERVICE, EventRW.Read, invocation -> {
            invocation.parameters(new LinkedHashMap<>(parameters));
            checkNames(action, parameters);
            String region = binder.regionId(parameters);
            Answer answer = DESCRIBE_INSTANCES.equals(action)
                    ? describeInstances(invocation, region, parameters)
                    : describeOne(invocation, action, region, parameters);
            Map<String, Object> recorded = new LinkedHashMap<>(answer.fields());
            // Null when R-kvstore's answers carried none (or no instance was asked about).
            recorded.put("BackendRequestId", answer.backendRequestIds().isEmpty() ? null
                    : String.join(",", answer.backendRequestIds()));
            invocation.response(recorded);
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("RequestId", invocation.requestId());
            response.putAll(answer.fields());
            return response;
        });
    }

    /** Every parameter is one the action takes, or one the SDKs send with every call. */
    private static void checkNames(String action, Map<String, Object> parameters) {
        Set<String> taken = PARAMETERS.get(action);
        for (String name : parameters.keySet()) {
            if (!taken.contains(name) && !TdeChangeBinder.SDK_COMMON_PARAMETERS.contains(name)) {
                throw ApiException.invalidParameter(name, action + " is served here with no such parameter (it takes "
                        + String.join(", ", new TreeSet<>(taken)) + ")");
            }
        }
    }

    /** A read about one instance: region rule, RAM on its ARN, then the backend. */
    private Answer describeOne(Invocation invocation, String action, String region, Map<String, Object> parameters) {
        String instanceId = TdeChangeBinder.instanceId(parameters);
        String arn = binder.instanceArn(region, instanceId);
        invocation.resource(arn).instance(instanceId, region);
        Optional<InstanceAttribute> located = InstanceRegion.locate(tdeApi, invocation, region, instanceId);
        invocations.authorize(invocation, "kvstore:" + action, arn, Map.of());
        InstanceAttribute attribute = located.orElseThrow(() -> InstanceRegion.notInRegion(region));
        try {
            return switch (action) {
                case TdeApi.DESCRIBE_INSTANCE_ATTRIBUTE -> Answer.of(attribute.backendRequestId(),
                        RkvstoreResponses.instanceAttribute(attribute));
                case TdeApi.DESCRIBE_INSTANCE_TDE_STATUS -> {
                    TdeStatusResult status = tdeApi.describeInstanceTdeStatus(region, instanceId);
                    yield Answer.of(status.backendRequestId(), RkvstoreResponses.tdeStatus(status));
                }
                case TdeApi.DESCRIBE_ENCRYPTION_KEY_LIST -> {
                    EncryptionKeyList list = tdeApi.describeEncryptionKeyList(region, instanceId);
                    yield Answer.of(list.backendRequestId(), RkvstoreResponses.encryptionKeyList(list));
                }
                case TdeApi.DESCRIBE_ENCRYPTION_KEY -> {
                    EncryptionKeyResult key = tdeApi.describeEncryptionKey(region, instanceId,
                            TdeChangeBinder.required(parameters, "EncryptionKey"));
                    yield Answer.of(key.backendRequestId(), RkvstoreResponses.encryptionKey(key));
                }
                case TdeApi.CHECK_CLOUD_RESOURCE_AUTHORIZED -> {
                    ResourceAuthorization authorization = tdeApi.checkCloudResourceAuthorized(region, instanceId,
                            parameters.get("RoleArn") == null ? null : TdeChangeBinder.required(parameters, "RoleArn"));
                    yield Answer.of(authorization.backendRequestId(), RkvstoreResponses.resourceAuthorization(authorization));
                }
                default -> throw new IllegalArgumentException(action);
            };
        } catch (TdeApiException e) {
            throw BackendErrors.refused(invocation, e);
        }
    }

    /**
     * DescribeInstances of given InstanceIds: every instance named is RAM-checked first, before the backend is asked
     * (one denial refuses the call, whether the instance exists or not); those found in the region are listed, the
     * others left out. One page of the result, R-kvstore's paging.
     */
    private Answer describeInstances(Invocation invocation, String region, Map<String, Object> parameters) {
        List<String> ids = instanceIds(TdeChangeBinder.required(parameters, "InstanceIds"));
        int pageNumber = positive(parameters, "PageNumber", 1, Integer.MAX_VALUE);
        int pageSize = positive(parameters, "PageSize", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
        invocation.resource(String.join(",", ids.stream().map(id -> binder.instanceArn(region, id)).toList()));
        if (ids.size() == 1) {
            invocation.instance(ids.get(0), region);
        }
        List<Map<String, Object>> found = new ArrayList<>();
        List<String> backendRequestIds = new ArrayList<>();
        for (String id : ids) {
            invocations.authorize(invocation, "kvstore:" + DESCRIBE_INSTANCES, binder.instanceArn(region, id), Map.of());
        }
        for (String id : ids) {
            InstanceRegion.locate(tdeApi, invocation, region, id).ifPresent(attribute -> {
                if (attribute.backendRequestId() != null) {
                    backendRequestIds.add(attribute.backendRequestId());
                }
                found.add(RkvstoreResponses.kvstoreInstance(attribute));
            });
        }
        long from = Math.min((long) (pageNumber - 1) * pageSize, found.size());
        List<Map<String, Object>> page = found.subList((int) from, (int) Math.min(from + pageSize, found.size()));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("PageNumber", pageNumber);
        fields.put("PageSize", pageSize);
        fields.put("TotalCount", found.size());
        fields.put("Instances", Map.of("KVStoreInstance", List.copyOf(page)));
        return new Answer(fields, backendRequestIds);
    }

    /** {@code InstanceIds}: comma-separated, each well formed, at most {@value #MAX_INSTANCE_IDS}, repeats once. */
    private static List<String> instanceIds(String list) {
        Set<String> ids = new LinkedHashSet<>();
        for (String part : list.split(",", -1)) {
            String id = part.strip();
            if (!InstanceIds.isWellFormed(id)) {
                throw ApiException.invalidParameter("InstanceIds", "\"" + id + "\" is not an instance id");
            }
            ids.add(id);
        }
        if (ids.size() > MAX_INSTANCE_IDS) {
            throw ApiException.invalidParameter("InstanceIds", "it names " + ids.size() + " instances, at most "
                    + MAX_INSTANCE_IDS + " are served");
        }
        return List.copyOf(ids);
    }

    private static int positive(Map<String, Object> parameters, String name, int absent, int max) {
        if (parameters.get(name) == null) {
            return absent;
        }
        String text = TdeChangeBinder.required(parameters, name);
        try {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.invalidParameter(name, "\"" + text + "\" is not a whole number from 1 to " + max);
    }
}
