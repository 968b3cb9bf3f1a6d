package io.tdeguard.policy;

import java.util.List;

/**
 * One request as statements see it during one evaluation: the action folded for case-insensitive matching,
 * its service (the folded text before the first {@code :}, or {@code null}), and the context values of each
 * key, interpreted lazily and kept.
 */
final class RequestView {

    /**
     * How many keys keep their values for the whole decision. Conditions are evaluated once per decision
     * ({@link ResultCache}) and name a handful of keys; past this many, a key's values are read again for each
     * condition on it, which keeps the allocation bounded.
     */
    private static final int KEPT_KEYS = 16;

    private final AccessRequest request;
    private final String foldedAction;
    private final String service;
    /** The keys looked up so far (folded, interned) and their values: found by reference, no hashing. */
    private String[] keptKeys;
    private RequestValues[] keptValues;
    private int keptCount;
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

    /**
     * The values the request supplies for a key; {@link RequestValues#ABSENT} when it supplies none.
     *
     * @param foldedKey the key folded and interned, so that a key already looked up is found by reference
     */
    RequestValues values(String key, String foldedKey) {
        for (int i = 0; i < keptCount; i++) {
            if (keptKeys[i] == foldedKey) {
                return keptValues[i];
            }
        }
        // the context map is ordered by CaseFolding.ORDER, so this finds the key in any case
        List<String> supplied = request.context().get(key);
        RequestValues values = supplied == null || supplied.isEmpty() ? RequestValues.ABSENT : new RequestValues(supplied);
        if (keptKeys == null) {
            keptKeys = new String[KEPT_KEYS];
            keptValues = new RequestValues[KEPT_KEYS];
        }
        if (keptCount < KEPT_KEYS) {
            keptKeys[keptCount] = foldedKey;
            keptValues[keptCount] = values;
            keptCount++;
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
