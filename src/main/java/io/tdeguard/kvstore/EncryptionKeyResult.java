package io.tdeguard.kvstore;

/**
 * The answer to DescribeEncryptionKey: one custom KMS key as the instance sees it.
 *
 * @param encryptionKeyStatus e.g. {@code Enabled}
 * @param origin {@code Aliyun_KMS} or {@code EXTERNAL}
 */
public record EncryptionKeyResult(String backendRequestId, String encryptionKey, String encryptionKeyStatus,
        String encryptionName, String keyUsage, String origin, String description, String roleArn) {
}
