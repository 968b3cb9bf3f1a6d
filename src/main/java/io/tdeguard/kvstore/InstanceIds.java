package io.tdeguard.kvstore;

import java.util.regex.Pattern;

/**
 * What a well-formed ApsaraDB for Redis instance id is, shared by request validation and the simulator so that
 * both answer {@code InvalidInstanceName.Malformed} for the same ids.
 */
public final class InstanceIds {

    /**
     * {@code r-} then 8 to 32 lowercase ASCII letters or digits, e.g. {@code r-bp1zxszhcgatnx0001}. Real ids have
     * 18 characters after the prefix; the range leaves room for other id generations without accepting
     * upper case, separators or whitespace.
     */
    public static final String PATTERN = "^r-[a-z0-9]{8,32}$";

    private static final Pattern WELL_FORMED = Pattern.compile(PATTERN);

    private InstanceIds() {
    }

    public static boolean isWellFormed(String instanceId) {
        return instanceId != null && WELL_FORMED.matcher(instanceId).matches();
    }
}
