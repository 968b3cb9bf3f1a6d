package io.tdeguard.kvstore;

import java.util.regex.Pattern;

/**
 * What a well-formed Alibaba Cloud region id is ({@code cn-hangzhou}, {@code ap-southeast-1}), shared by request
 * validation and the endpoint choice, so that no region id can name another host.
 */
public final class RegionIds {

    /** Lowercase letters, then one to four dash-separated groups of lowercase letters or digits. */
    public static final Pattern WELL_FORMED = Pattern.compile("[a-z]{2,}(-[a-z0-9]+){1,4}");

    private RegionIds() {
    }

    public static boolean isWellFormed(String regionId) {
        return regionId != null && WELL_FORMED.matcher(regionId).matches();
    }
}
