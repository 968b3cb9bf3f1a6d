package io.tdeguard.policy;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * One key under one operator, such as {@code "IpAddress": {"acs:SourceIp": ["10.0.0.0/8", "::1"]}}.
 *
 * <p>It holds when any request value matches any policy value; a negated operator holds when none does.
 * A key the request does not supply matches nothing, so a positive operator does not hold and a negated one
 * does. A request value that cannot be interpreted (not a number, date, boolean or IP address) matches
 * {@link Truth#UNKNOWN}: a positive operator is then {@code TRUE} if another value matches, else
 * {@code UNKNOWN}; a negated operator is {@code FALSE} if another value matches, else {@code UNKNOWN}.
 */
final class ConditionClause {

    private final ConditionOperator operator;
    private final String key;
    private final String foldedKey;
    /** As written in the document, for the canonical form. */
    private final List<JsonNode> sourceValues;
    private final ConditionValues values;
    /** Equal for clauses that hold for the same requests: see {@link ResultCache}. */
    private final String identity;
    private final int identityHash;

    ConditionClause(ConditionOperator operator, String key, List<JsonNode> sourceValues, ConditionValues values) {
        this.operator = operator;
        this.key = key;
        // interned: the per-request cache then finds a key by identity, the cheapest String.equals
        this.foldedKey = CaseFolding.fold(key).intern();
        this.sourceValues = List.copyOf(sourceValues);
        this.values = values;
        // the values as written determine the compiled values, as the canonical form relies on too
        ArrayNode description = JsonNodeFactory.instance.arrayNode().add(operator.wireName()).add(foldedKey);
        description.addArray().addAll(this.sourceValues);
        this.identity = ResultCache.identity(description);
        this.identityHash = identity.hashCode();
    }

    ConditionOperator operator() {
        return operator;
    }

    String key() {
        return key;
    }

    List<JsonNode> sourceValues() {
        return sourceValues;
    }

    Truth evaluate(RequestView request) {
        Truth result = request.remembered(identity, identityHash);
        if (result == null) {
            result = evaluateAfresh(request);
            request.remember(identity, identityHash, result);
        }
        return result;
    }

    private Truth evaluateAfresh(RequestView request) {
        RequestValues supplied = request.values(key, foldedKey);
        Truth anyMatches = Truth.FALSE;
        for (int i = 0; i < supplied.size() && anyMatches != Truth.TRUE; i++) {
            Truth matches = values.matchesAny(supplied, i);
            if (matches != Truth.FALSE) {
                anyMatches = matches;
            }
        }
        return operator.negated() ? anyMatches.not() : anyMatches;
    }

    /** Why {@link #evaluate} was {@code UNKNOWN}: names the first request value that could not be read. */
    String explainUnknown(RequestView request) {
        RequestValues supplied = request.values(key, foldedKey);
        for (int i = 0; i < supplied.size(); i++) {
            if (values.matchesAny(supplied, i) == Truth.UNKNOWN) {
                return "condition " + operator.wireName() + " on " + Quoting.quote(key) + ": request value "
                        + Quoting.quote(supplied.text(i)) + " is not " + operator.family().requestValueKind();
            }
        }
        throw new IllegalStateException("no request value of " + key + " is uninterpretable");
    }
}
