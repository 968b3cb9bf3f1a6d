package io.tdeguard.kvstore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers of the {@link TdeApi} port in R-kvstore's own response shape (JSON, {@code Format=JSON}), without the
 * {@code RequestId}, which the answering side adds: the fields of each result, named and nested as R-kvstore names and
 * nests them, and as the V1 and V3 SDKs parse them. Only the fields the port carries.
 */
public final class RkvstoreResponses {

    private RkvstoreResponses() {
    }

    /** DescribeInstanceTDEStatus: {@code {TDEStatus}}. */
    public static Map<String, Object> tdeStatus(TdeStatusResult status) {
        return Map.of("TDEStatus", status.tdeStatus());
    }

    /** DescribeInstanceAttribute: {@code {Instances: {DBInstanceAttribute: [{InstanceId, ..., IsSupportTDE}]}}}. */
    public static Map<String, Object> instanceAttribute(InstanceAttribute attribute) {
        Map<String, Object> instance = kvstoreInstance(attribute);
        instance.put("IsSupportTDE", attribute.supportsTde());
        return Map.of("Instances", Map.of("DBInstanceAttribute", List.of(instance)));
    }

    /** An element of DescribeInstances' {@code Instances.KVStoreInstance}. */
    public static Map<String, Object> kvstoreInstance(InstanceAttribute attribute) {
        Map<String, Object> instance = new LinkedHashMap<>();
        instance.put("InstanceId", attribute.instanceId());
        instance.put("RegionId", attribute.regionId());
        instance.put("EngineVersion", attribute.engineVersion());
        instance.put("InstanceStatus", attribute.instanceStatus());
        return instance;
    }

    /** DescribeEncryptionKeyList: {@code {KeyIds: {KeyId: [...]}}}. */
    public static Map<String, Object> encryptionKeyList(EncryptionKeyList list) {
        return Map.of("KeyIds", Map.of("KeyId", list.keyIds()));
    }

    /** DescribeEncryptionKey: the key's fields, an absent description or role as the empty string. */
    public static Map<String, Object> encryptionKey(EncryptionKeyResult key) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("EncryptionKey", key.encryptionKey());
        fields.put("EncryptionKeyStatus", key.encryptionKeyStatus());
        fields.put("EncryptionName", key.encryptionName());
        fields.put("KeyUsage", key.keyUsage());
        fields.put("Origin", key.origin());
        fields.put("Description", key.description() == null ? "" : key.description());
        fields.put("RoleArn", key.roleArn() == null ? "" : key.roleArn());
        return fields;
    }

    /** CheckCloudResourceAuthorized: {@code {AuthorizationState}}. */
    public static Map<String, Object> resourceAuthorization(ResourceAuthorization authorization) {
        return Map.of("AuthorizationState", authorization.authorizationState());
    }
}
