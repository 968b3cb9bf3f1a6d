package io.tdeguard.application.tde;

import java.util.Optional;

import io.tdeguard.api.ApiException;
import io.tdeguard.application.Invocation;
import io.tdeguard.kvstore.InstanceAttribute;
import io.tdeguard.kvstore.TdeApi;
import io.tdeguard.kvstore.TdeApiException;

/**
 * The region rule: RAM decides on the ARN of the region the caller names ({@code RegionId}), while R-kvstore finds an
 * instance by its id in any region. So before RAM is asked, the backend says where the instance really lives
 * ({@link #locate}); after RAM allowed the call on the ARN it names, a {@code RegionId} that disagrees is refused
 * ({@link #notInRegion}) as R-kvstore refuses an instance of another region. Refusing after RAM keeps the answer the
 * same, 403, for a caller not allowed on that ARN, whether or not the instance exists there.
 */
final class InstanceRegion {

    private static final String NOT_FOUND = "InvalidInstanceId.NotFound";

    private InstanceRegion() {
    }

    /**
     * @return what the backend says of the instance when it lives in {@code regionId}; empty when it does not (or does
     *         not exist at all)
     * @throws ApiException the backend's error ({@link BackendErrors}) when it cannot say
     */
    static Optional<InstanceAttribute> locate(TdeApi tdeApi, Invocation invocation, String regionId,
            String instanceId) {
        InstanceAttribute attribute;
        try {
            attribute = tdeApi.describeInstanceAttribute(regionId, instanceId);
        } catch (TdeApiException e) {
            if (NOT_FOUND.equals(e.code())) {
                return Optional.empty();
            }
            throw BackendErrors.refused(invocation, e);
        }
        return regionId.equals(attribute.regionId()) ? Optional.of(attribute) : Optional.empty();
    }

    /** {@code InvalidInstanceId.NotFound} (404): the instance is not in the region the call names. */
    static ApiException notInRegion(String regionId) {
        return new ApiException(NOT_FOUND, 404, "The specified instance does not exist in region \"" + regionId + "\".");
    }
}
