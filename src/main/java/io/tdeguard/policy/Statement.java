package io.tdeguard.policy;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One compiled statement. This is the evaluator layer: it answers only whether the statement applies to a
 * request ({@link #appliesTo}); combining effects is {@link PolicySet}'s job.
 */
final class Statement {

    private final Effect effect;
    private final String sid;
    private final PatternSet actions;
    private final PatternSet resources;
    private final ConditionClause[] conditions;

    /**
     * @param actions    folded patterns ({@code Action} or {@code NotAction})
     * @param conditions in canonical order: by operator, then by key
     */
    Statement(Effect effect, String sid, PatternSet actions, PatternSet resources, List<ConditionClause> conditions) {
        this.effect = effect;
        this.sid = sid;
        this.actions = actions;
        this.resources = resources;
        this.conditions = conditions.toArray(ConditionClause[]::new);
    }

    Effect effect() {
        return effect;
    }

    /** The {@code Sid}, or {@code null}. */
    String sid() {
        return sid;
    }

    /**
     * {@code TRUE} when the action, the resource and every condition match; {@code FALSE} when the action or
     * the resource does not match or some condition is false; else {@code UNKNOWN} (some condition could not
     * be evaluated, none is false).
     */
    Truth appliesTo(RequestView request) {
        return actions.matches(request.foldedAction(), request) ? appliesToItsAction(request) : Truth.FALSE;
    }

    /** {@link #appliesTo} for a request whose action this statement is known to match. */
    Truth appliesToItsAction(RequestView request) {
        if (!resources.matches(request.resource(), request)) {
            return Truth.FALSE;
        }
        Truth result = Truth.TRUE;
        for (ConditionClause condition : conditions) {
            Truth holds = condition.evaluate(request);
            if (holds == Truth.FALSE) {
                return Truth.FALSE;
            }
            if (holds == Truth.UNKNOWN) {
                result = Truth.UNKNOWN;
            }
        }
        return result;
    }

    /** Why {@link #appliesTo} was {@code UNKNOWN}: the first condition that could not be evaluated. */
    String explainUnknown(RequestView request) {
        for (ConditionClause condition : conditions) {
            if (condition.evaluate(request) == Truth.UNKNOWN) {
                return condition.explainUnknown(request);
            }
        }
        throw new IllegalStateException("every condition could be evaluated");
    }

    /**
     * The actions (folded) this statement names, when its {@code Action} patterns have no wildcard at all:
     * it applies to no other action. Else {@code null}.
     */
    Set<String> literalActions() {
        if (actions.negated()) {
            return null;
        }
        Set<String> literals = new TreeSet<>();
        for (WildcardPattern pattern : actions.patterns()) {
            if (!pattern.isLiteral()) {
                return null;
            }
            literals.add(pattern.text());
        }
        return literals;
    }

    /**
     * The services (folded, such as {@code kvstore}) of every action this statement can apply to, or
     * {@code null} when it can apply to actions of any service: a {@code NotAction}, or an {@code Action}
     * pattern with a wildcard before its {@code :}.
     */
    Set<String> services() {
        if (actions.negated()) {
            return null;
        }
        Set<String> services = new TreeSet<>();
        for (WildcardPattern pattern : actions.patterns()) {
            String service = pattern.literalPrefixBefore(':');
            if (service == null) {
                return null;
            }
            services.add(service);
        }
        return services;
    }

    ObjectNode toJson(JsonNodeFactory nodes) {
        ObjectNode json = nodes.objectNode();
        if (sid != null) {
            json.put("Sid", sid);
        }
        json.put("Effect", effect.wireName());
        json.set(actions.elementName(), oneOrList(nodes, actions.texts().stream().map(nodes::textNode).toList()));
        json.set(resources.elementName(), oneOrList(nodes, resources.texts().stream().map(nodes::textNode).toList()));
        if (conditions.length > 0) {
            ObjectNode byOperator = json.putObject("Condition");
            for (ConditionClause condition : conditions) {
                ObjectNode byKey = byOperator.has(condition.operator().wireName())
                        ? (ObjectNode) byOperator.get(condition.operator().wireName())
                        : byOperator.putObject(condition.operator().wireName());
                byKey.set(condition.key(), oneOrList(nodes, condition.sourceValues()));
            }
        }
        return json;
    }

    /** A list of one is written as its element, as RAM allows: this keeps the canonical form short. */
    private static JsonNode oneOrList(JsonNodeFactory nodes, List<? extends JsonNode> values) {
        if (values.size() == 1) {
            return values.get(0);
        }
        ArrayNode list = nodes.arrayNode();
        values.forEach(list::add);
        return list;
    }
}
