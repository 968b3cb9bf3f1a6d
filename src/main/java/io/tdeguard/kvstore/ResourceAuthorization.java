package io.tdeguard.kvstore;

/**
 * The answer to CheckCloudResourceAuthorized: whether the instance may use KMS through a RAM role.
 *
 * @param authorizationState as the API spells it: 0 not authorized, 1 authorized, 2 KMS not activated
 */
public record ResourceAuthorization(String backendRequestId, int authorizationState) {

    public static final int NOT_AUTHORIZED = 0;
    public static final int AUTHORIZED = 1;
    public static final int KMS_NOT_ACTIVATED = 2;

    public boolean authorized() {
        return authorizationState == AUTHORIZED;
    }
}
