package io.tdeguard.kvstore;

import java.time.Duration;

/**
 * The port through which TDE Guard calls the ApsaraDB for Redis OpenAPI (R-kvstore, 2015-01-01).
 * Callers inject {@code TdeApi}; the adapter behind it is chosen at runtime by {@code tdeguard.tde.backend}
 * (see {@link TdeBackend}).
 *
 * <p>Every method names the instance's region, or null to let the backend find it (the simulator looks in every
 * region; the OpenAPI adapter uses {@code tdeguard.region-id}). A method that fails throws {@link TdeApiException}
 * with the service's error code, HTTP status and RequestId.
 */
public interface TdeApi {

    String MODIFY_INSTANCE_TDE = "ModifyInstanceTDE";
    String DESCRIBE_INSTANCE_TDE_STATUS = "DescribeInstanceTDEStatus";
    String DESCRIBE_ENCRYPTION_KEY_LIST = "DescribeEncryptionKeyList";
    String DESCRIBE_ENCRYPTION_KEY = "DescribeEncryptionKey";
    String CHECK_CLOUD_RESOURCE_AUTHORIZED = "CheckCloudResourceAuthorized";
    String DESCRIBE_INSTANCE_ATTRIBUTE = "DescribeInstanceAttribute";

    /**
     * Enables TDE (ModifyInstanceTDE). An adapter may check first what the change needs (the OpenAPI adapter
     * does: TDE already on, the key, the role) and answer without calling ModifyInstanceTDE: then the result says
     * {@code changed=false}, or a {@code REJECTED} exception says why not.
     *
     * <p>Nothing that leads to the change starts after {@code deadline}, and ModifyInstanceTDE is sent only if it can
     * end by it (its connect and read timeouts included): a reconciler may settle the intent after it.
     *
     * @param deadline when the change must have ended, from its intent's recorded time
     * @throws TdeApiException with {@link TdeApiException.Certainty#REJECTED} when the change surely did not
     *         happen (the backend answered with an error, a check refused it before the call, or the deadline left
     *         no time to send it: {@link ChangeDeadline#PASSED}), or {@link TdeApiException.Certainty#IN_DOUBT} when
     *         no answer arrived after the request may have reached it
     */
    ModifyTdeResult modifyInstanceTde(ModifyTdeCommand command, ChangeDeadline deadline) throws TdeApiException;

    /**
     * The longest a {@link #modifyInstanceTde} can run from its start, every pre-check, timeout and retry included:
     * until then a change without an answer may still be under way, and nobody may conclude that it did not happen.
     */
    Duration longestChange();

    /** Reads the TDE status of an instance (DescribeInstanceTDEStatus). */
    TdeStatusResult describeInstanceTdeStatus(String regionId, String instanceId) throws TdeApiException;

    /** The custom keys the instance can use for TDE (DescribeEncryptionKeyList). */
    EncryptionKeyList describeEncryptionKeyList(String regionId, String instanceId) throws TdeApiException;

    /** One custom key of the instance (DescribeEncryptionKey). */
    EncryptionKeyResult describeEncryptionKey(String regionId, String instanceId, String encryptionKey)
            throws TdeApiException;

    /**
     * Whether the instance may use KMS through the role (CheckCloudResourceAuthorized); {@code roleArn} null asks
     * about the default role.
     */
    ResourceAuthorization checkCloudResourceAuthorized(String regionId, String instanceId, String roleArn)
            throws TdeApiException;

    /** The instance's attributes that matter to TDE (DescribeInstanceAttribute). */
    InstanceAttribute describeInstanceAttribute(String regionId, String instanceId) throws TdeApiException;
}
