package io.tdeguard.kvstore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One call a backend made to the service while serving a port method, for the audit trail.
 *
 * @param action the OpenAPI operation, e.g. {@code DescribeInstanceTDEStatus}
 * @param requestId the service's RequestId of the answer; null when no answer arrived
 */
public record BackendCall(String action, String requestId) {

    /** As the audit trail records it: {@code {"Action": …, "RequestId": …}}. */
    public Map<String, Object> toAuditMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("Action", action);
        map.put("RequestId", requestId);
        return map;
    }
}
