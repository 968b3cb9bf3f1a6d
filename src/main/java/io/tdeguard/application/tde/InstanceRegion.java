package io.tdeguard.application.tde;

import io.tdeguard.api.ApiException;
import io.tdeguard.application.Invocation;
import io.tdeguard.kvstore.InstanceAttribute;
import io.tdeguard.kvstore.TdeApi;
import io.tdeguard.kvstore.TdeApiException;

/**
 * The region rule: RAM decides on the ARN of the region the caller names ({@code RegionId}), while R-kvstore finds an
 * instance by its id in any region. So before RAM is asked, the backend says where the instance really lives, and a
 * {@code RegionId} that disagrees is refused as R-kvstore refuses an instance of another region.
 */
final class InstanceRegion {

    private InstanceRegion() {
    }

    /**
     * @return what the backend says of the instance, which lives in {@code regionId}
     * @throws ApiException {@code InvalidInstanceId.NotFound} (404) when the instance is not in {@code regionId}, or the
     *         backend's error ({@link BackendErrors}) when it cannot say
     */
    static InstanceAttribute confirm(TdeApi tdeApi, Invocation invocation, String regionId, String instanceId) {
        InstanceAttribute attribute;
        try {
            attribute = tdeApi.describeInstanceAttribute(regionId, instanceId);
        } catch (TdeApiException e) {
            throw BackendErrors.refused(invocation, e);
        }
        if (!regionId.equals(attribute.regionId())) {
            throw new ApiException("InvalidInstanceId.NotFound", 404,
                    "The specified instance does not exist in region \"" + regionId + "\".");
        }
        return attribute;
    }
}
