package io.tdeguard.audit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who made a call, as an event's {@code userIdentity} says it (ActionTrail's field, "Audit event structure"):
 * a RAM user, TDE Guard itself acting on its own, or a caller whose signature did not authenticate.
 *
 * @param type        {@code ram-user}, {@code system} or {@code unauthenticated}
 * @param principalId the user's id, {@code tdeguard:<name>} for the system; null when unauthenticated
 * @param accessKeyId the key that signed; for {@code unauthenticated} the key the request claimed (may be null)
 * @param userName    what LookupEvents' {@code Principal} filter matches; null when unauthenticated
 */
public record UserIdentity(String type, String principalId, String accountId, String accessKeyId, String userName,
        String arn) {

    /** Resolves in-doubt changes: the system identity of the reconciler. */
    public static final String RECONCILER = "tdeguard-reconciler";

    public static UserIdentity ramUser(long userId, String accountId, String accessKeyId, String userName, String arn) {
        return new UserIdentity("ram-user", Long.toString(userId), accountId, accessKeyId, userName, arn);
    }

    /** TDE Guard acting on its own, not for a caller: {@code arn} is {@code acs:tdeguard::<account>:system/<name>}. */
    public static UserIdentity system(String name, String accountId) {
        return new UserIdentity("system", "tdeguard:" + name, accountId, null, name,
                "acs:tdeguard::" + accountId + ":system/" + name);
    }

    /** @param claimedAccessKeyId the AccessKeyId the request's signature named, or null when it named none */
    public static UserIdentity unauthenticated(String claimedAccessKeyId) {
        return new UserIdentity("unauthenticated", null, null, claimedAccessKeyId, null, null);
    }

    /** The event's {@code userIdentity} object: only the members this type has. */
    Map<String, Object> toEventMap() {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("type", type);
        if (type.equals("unauthenticated")) {
            identity.put("accessKeyId", accessKeyId);
            return identity;
        }
        identity.put("principalId", principalId);
        identity.put("accountId", accountId);
        if (accessKeyId != null) {
            identity.put("accessKeyId", accessKeyId);
        }
        identity.put("userName", userName);
        identity.put("arn", arn);
        return identity;
    }
}
