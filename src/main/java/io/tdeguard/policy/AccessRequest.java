package io.tdeguard.policy;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a caller asks to do: an action such as {@code kvstore:ModifyInstanceTDE}, a resource ARN such as
 * {@code acs:kvstore:cn-hangzhou:1234567890:instance/r-bp1abc}, and the condition keys of the request
 * ({@code acs:SourceIp}, {@code acs:CurrentTime}, {@code kvstore:TDEStatus}, ...), each with one or more
 * values.
 *
 * <p>Context keys are case-insensitive: the map returned by {@link #context()} finds a key in any case, and
 * keys given twice in different cases are one key with the values of both. A key with no values is the same
 * as an absent key. The engine never reads a clock: {@code acs:CurrentTime} is whatever the caller supplies.
 */
public record AccessRequest(String action, String resource, Map<String, List<String>> context) {

    public AccessRequest {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        if (action.isEmpty() || resource.isEmpty()) {
            throw new IllegalArgumentException("a request names an action and a resource");
        }
        context = caseInsensitive(context == null ? Map.of() : context);
    }

    public AccessRequest(String action, String resource) {
        this(action, resource, Map.of());
    }

    private static Map<String, List<String>> caseInsensitive(Map<String, List<String>> context) {
        TreeMap<String, List<String>> byKey = new TreeMap<>(CaseFolding.ORDER);
        context.forEach((key, values) -> {
            Objects.requireNonNull(key, "context key");
            Objects.requireNonNull(values, () -> "values of context key " + key);
            List<String> copy = List.copyOf(values);
            byKey.merge(key, copy, AccessRequest::concatenate);
        });
        return Collections.unmodifiableMap(byKey);
    }

    private static List<String> concatenate(List<String> first, List<String> second) {
        String[] both = new String[first.size() + second.size()];
        for (int i = 0; i < first.size(); i++) {
            both[i] = first.get(i);
        }
        for (int i = 0; i < second.size(); i++) {
            both[first.size() + i] = second.get(i);
        }
        return List.of(both);
    }
}
