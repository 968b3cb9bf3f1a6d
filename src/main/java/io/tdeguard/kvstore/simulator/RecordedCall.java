package io.tdeguard.kvstore.simulator;

import java.time.Instant;

/**
 * A ModifyInstanceTDE call from the simulator's call log.
 *
 * @param changed whether the call turned TDE on (false for a repeated enable and for rejections)
 * @param errorCode the Alibaba error code answered, or null when accepted
 * @param responseLost whether the caller got a timeout instead of this answer ({@link InjectedFault#RESPONSE_LOST})
 */
public record RecordedCall(long id, Instant receivedAt, String backendRequestId, String instanceId, String regionId,
        String tdeStatus, String encryptionName, String encryptionKey, String roleArn, boolean accepted,
        boolean changed, String errorCode, boolean responseLost) {
}
