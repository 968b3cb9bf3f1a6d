package io.tdeguard.kvstore;

/**
 * The port through which TDE Guard calls the ApsaraDB for Redis OpenAPI (R-kvstore, 2015-01-01).
 * Callers inject {@code TdeApi}; the adapter behind it is chosen at runtime by {@code tdeguard.tde.backend}
 * (see {@link TdeBackend}).
 */
public interface TdeApi {

    /**
     * Asks the backend to enable TDE (ModifyInstanceTDE). Returns the backend's RequestId.
     *
     * @throws TdeApiException with {@link TdeApiException.Certainty#REJECTED} when the backend answered with an
     *         error (the change did not happen), or {@link TdeApiException.Certainty#IN_DOUBT} when no answer
     *         arrived after the request may have reached it
     */
    ModifyTdeResult modifyInstanceTde(ModifyTdeCommand command) throws TdeApiException;

    /**
     * Reads the TDE status of an instance (DescribeInstanceTDEStatus). {@code regionId} may be null: then the
     * instance is looked up in every region.
     */
    TdeStatusResult describeInstanceTdeStatus(String regionId, String instanceId) throws TdeApiException;
}
