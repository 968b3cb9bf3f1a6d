package io.tdeguard.kvstore;

/**
 * The parameters of ModifyInstanceTDE, passed on as the caller gave them: checking them is the backend's job.
 *
 * @param regionId the instance's region, or null to let the backend find it
 * @param instanceId e.g. {@code r-bp1zxszhcgatnx0001}
 * @param tdeStatus the only value the real operation accepts is {@link TdeStatus#ENABLED}
 * @param encryptionName the algorithm, or null for the backend's default ({@link #DEFAULT_ENCRYPTION_NAME})
 * @param encryptionKey the id of a custom KMS key, or null for a service-managed key
 * @param roleArn the RAM role the instance assumes to use KMS, e.g.
 *        {@code acs:ram::1234567890123456:role/AliyunRdsInstanceEncryptionDefaultRole}, or null
 */
public record ModifyTdeCommand(String regionId, String instanceId, String tdeStatus, String encryptionName,
        String encryptionKey, String roleArn) {

    /** The algorithm R-kvstore uses when a ModifyInstanceTDE names none (ModifyInstanceTDE, EncryptionName). */
    public static final String DEFAULT_ENCRYPTION_NAME = "AES-CTR-256";
}
