package io.tdeguard.kvstore;

/**
 * What DescribeInstanceAttribute says of an instance that matters to TDE.
 *
 * @param instanceStatus e.g. {@code Normal}
 * @param supportsTde {@code IsSupportTDE}
 */
public record InstanceAttribute(String backendRequestId, String instanceId, String regionId, String engineVersion,
        String instanceStatus, boolean supportsTde) {
}
