package io.tdeguard.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One request as statements see it during one evaluation: the action folded for case-insensitive matching,
 * its service (the folded text before the first {@code :}, or {@code null}), and the context values of each
 * key, interpreted lazily and kept.
 */
final class RequestView {

    private final AccessRequest request;
    private final String foldedAction;
    private final String service;
    private Map<String, RequestValues> valuesByFoldedKey;
    private ResultCache results;

    RequestView(AccessRequest request) {
        this.request = request;
        this.foldedAction = CaseFolding.fold(request.action());
        int colon = foldedAction.indexOf(':');
        this.service = colon < 0 ? null : foldedAction.substring(0, colon);
    }

    String foldedAction() {
        return foldedAction;
    }

    String service() {
        return service;
    }

    String resource() {
        return request.resource();
    }

    /** The values the request supplies for a key; {@link RequestValues#ABSENT} when it supplies none. */
    RequestValues values(String key, String foldedKey) {
        if (valuesByFoldedKey == null) {
            valuesByFoldedKey = new HashMap<>();
        }
        RequestValues values = valuesByFoldedKey.get(foldedKey);
        if (values == null) {
            // the context map is ordered by CaseFolding.ORDER, so this finds the key in any case
            List<String> supplied = request.context().get(key);
            values = supplied == null || supplied.isEmpty() ? RequestValues.ABSENT : new RequestValues(supplied);
            valuesByFoldedKey.put(foldedKey, values);
        }
        return values;
    }

    /** The result of a condition or pattern set already evaluated for this request, or {@code null}. */
    Truth remembered(String identity, int identityHash) {
        return results == null ? null : results.get(identity, identityHash);
    }

    void remember(String identity, int identityHash, Truth result) {
        if (results == null) {
            results = new ResultCache();
        }
        results.put(identity, identityHash, result);
    }
}
