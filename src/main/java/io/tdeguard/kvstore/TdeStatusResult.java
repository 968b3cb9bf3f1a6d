package io.tdeguard.kvstore;

/**
 * The answer to DescribeInstanceTDEStatus.
 *
 * @param tdeStatus {@link TdeStatus#ENABLED} or {@link TdeStatus#DISABLED}
 */
public record TdeStatusResult(String backendRequestId, String tdeStatus) {
}
