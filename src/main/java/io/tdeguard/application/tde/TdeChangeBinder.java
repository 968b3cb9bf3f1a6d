package io.tdeguard.application.tde;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.tdeguard.api.ApiException;
import io.tdeguard.approval.ApprovableAction;
import io.tdeguard.approval.BoundChange;
import io.tdeguard.config.TdeGuardConfig;
import io.tdeguard.kvstore.InstanceIds;
import io.tdeguard.kvstore.ModifyTdeCommand;
import io.tdeguard.kvstore.RegionIds;

/**
 * Validates the parameters of ModifyInstanceTDE, as the call and its approval both carry them, and binds them to
 * one change: the instance's ARN and the parameters with their defaults resolved (RegionId, EncryptionName).
 */
@ApplicationScoped
public class TdeChangeBinder implements ApprovableAction {

    public static final String ACTION = "kvstore:ModifyInstanceTDE";

    /**
     * What Alibaba's SDKs send with every call of an account's resources: accepted and recorded with the call, never
     * bound to a change (TDE Guard acts for one account, {@code tdeguard.account-id}).
     */
    static final Set<String> SDK_COMMON_PARAMETERS = Set.of("OwnerId", "OwnerAccount", "ResourceOwnerId", "ResourceOwnerAccount");

    static final Set<String> PARAMETERS = Set.of("InstanceId", "TDEStatus", "EncryptionName", "EncryptionKey", "RoleArn", "RegionId");
    private static final Set<String> ENCRYPTION_NAMES = Set.of(ModifyTdeCommand.DEFAULT_ENCRYPTION_NAME, "SM4-CTR");
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9*_-]{1,128}");
    private static final Pattern ROLE_ARN = Pattern.compile("acs:ram::[0-9]{1,32}:role/[A-Za-z0-9._-]{1,64}");

    private final TdeGuardConfig config;

    TdeChangeBinder(TdeGuardConfig config) {
        this.config = config;
    }

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public BoundChange bind(Map<String, Object> parameters) {
        if (parameters == null) {
            throw ApiException.missingParameter("InstanceId");
        }
        for (String name : parameters.keySet()) {
            if (!PARAMETERS.contains(name) && !SDK_COMMON_PARAMETERS.contains(name)) {
                throw ApiException.invalidParameter(name, "ModifyInstanceTDE takes no such parameter (it takes "
                        + String.join(", ", PARAMETERS.stream().sorted().toList()) + ")");
            }
        }
        String instanceId = instanceId(parameters);
        String tdeStatus = required(parameters, "TDEStatus");
        if (!"Enabled".equals(tdeStatus)) {
            throw ApiException.invalidParameter("TDEStatus", "\"" + tdeStatus
                    + "\" is not a valid value: the only one is \"Enabled\" (TDE can never be disabled)");
        }
        String regionId = regionId(parameters);
        String encryptionName = optional(parameters, "EncryptionName", null, ModifyTdeCommand.DEFAULT_ENCRYPTION_NAME);
        if (!ENCRYPTION_NAMES.contains(encryptionName)) {
            throw ApiException.invalidParameter("EncryptionName", "\"" + encryptionName + "\" is not one of "
                    + ENCRYPTION_NAMES.stream().sorted().toList());
        }
        String encryptionKey = optional(parameters, "EncryptionKey", KEY_ID, null);
        String roleArn = optional(parameters, "RoleArn", ROLE_ARN, null);

        Map<String, Object> bound = new LinkedHashMap<>();
        bound.put("InstanceId", instanceId);
        bound.put("RegionId", regionId);
        bound.put("TDEStatus", tdeStatus);
        bound.put("EncryptionName", encryptionName);
        if (encryptionKey != null) {
            bound.put("EncryptionKey", encryptionKey);
        }
        if (roleArn != null) {
            bound.put("RoleArn", roleArn);
        }
        return new BoundChange(ACTION, instanceArn(regionId, instanceId), Map.copyOf(bound), instanceId, regionId, Map.of("kvstore:TDEStatus", tdeStatus));
    }

    /** The InstanceId parameter, present and well formed (InvalidInstanceName.Malformed otherwise). */
    static String instanceId(Map<String, Object> parameters) {
        String instanceId = required(parameters, "InstanceId");
        if (!InstanceIds.isWellFormed(instanceId)) {
            throw new ApiException("InvalidInstanceName.Malformed", 400, "The Specified parameter InstanceName is not valid.");
        }
        return instanceId;
    }

    /** The RegionId parameter, well formed, or the configured region when the call names none. */
    String regionId(Map<String, Object> parameters) {
        return optional(parameters, "RegionId", RegionIds.WELL_FORMED, config.regionId());
    }

    /** {@code acs:kvstore:<region>:<account>:instance/<id>}: the resource RAM policies name. */
    String instanceArn(String regionId, String instanceId) {
        return "acs:kvstore:" + regionId + ":" + config.accountId() + ":instance/" + instanceId;
    }

    static String required(Map<String, Object> parameters, String name) {
        Object value = parameters.get(name);
        if (value == null || value instanceof String text && text.isEmpty()) {
            throw ApiException.missingParameter(name);
        }
        if (!(value instanceof String text)) {
            throw ApiException.invalidParameter(name, "must be a string");
        }
        return text;
    }

    private static String optional(Map<String, Object> parameters, String name, Pattern format, String absent) {
        if (parameters.get(name) == null) {
            return absent;
        }
        String value = required(parameters, name);
        if (format != null && !format.matcher(value).matches()) {
            throw ApiException.invalidParameter(name, "\"" + value + "\" is not well formed");
        }
        return value;
    }
}
