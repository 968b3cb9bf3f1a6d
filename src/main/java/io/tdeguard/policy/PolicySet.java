package io.tdeguard.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.tdeguard.policy.StatementIndex.Entry;

/**
 * All the policies that apply to one principal (attached to the user and to its groups), taken as one set.
 * This is the authorizer layer: it asks each {@link Statement} whether it applies and combines the effects.
 *
 * <ol>
 * <li>Any Deny statement that applies makes the outcome {@link Outcome#EXPLICIT_DENY}, whatever allows.
 *     A Deny statement whose conditions could not be evaluated (a request value that cannot be interpreted)
 *     counts as applying: a malformed request value never switches a Deny off.</li>
 * <li>Otherwise any Allow statement that applies makes it {@link Outcome#ALLOW}. An Allow statement whose
 *     conditions could not be evaluated does not allow.</li>
 * <li>Otherwise {@link Outcome#IMPLICIT_DENY}.</li>
 * </ol>
 * The decision lists every statement that produced it, in policy order then statement order, so neither the
 * order of policies nor that of statements changes it. Statements are grouped by the actions or services
 * they name ({@link StatementIndex}), so those about other actions are skipped. Immutable and thread-safe.
 */
public final class PolicySet {

    private static final Comparator<Entry> SET_ORDER = Comparator.comparingInt(Entry::ordinal);

    private final List<NamedPolicy> policies;
    private final StatementIndex denies;
    private final StatementIndex allows;

    private PolicySet(List<NamedPolicy> policies) {
        this.policies = List.copyOf(policies);
        List<Entry> denyEntries = new ArrayList<>();
        List<Entry> allowEntries = new ArrayList<>();
        int ordinal = 0;
        for (NamedPolicy policy : this.policies) {
            List<Statement> statements = policy.document().statements();
            for (int index = 0; index < statements.size(); index++) {
                Statement statement = statements.get(index);
                Entry entry = new Entry(statement, new StatementRef(policy.name(), index, statement.sid()), ordinal++);
                (statement.effect() == Effect.DENY ? denyEntries : allowEntries).add(entry);
            }
        }
        this.denies = new StatementIndex(denyEntries);
        this.allows = new StatementIndex(allowEntries);
    }

    /**
     * The set of these policies. A policy listed twice (attached to the user and to one of its groups, say)
     * counts once.
     *
     * @throws IllegalArgumentException if two different documents have the same name
     */
    public static PolicySet of(List<NamedPolicy> policies) {
        Map<String, NamedPolicy> byName = new LinkedHashMap<>();
        for (NamedPolicy policy : policies) {
            Objects.requireNonNull(policy, "policy");
            NamedPolicy earlier = byName.putIfAbsent(policy.name(), policy);
            if (earlier != null && !earlier.document().equals(policy.document())) {
                throw new IllegalArgumentException("two different policies are named " + Quoting.quote(policy.name()));
            }
        }
        return new PolicySet(new ArrayList<>(byName.values()));
    }

    public List<NamedPolicy> policies() {
        return policies;
    }

    public Decision evaluate(AccessRequest request) {
        Objects.requireNonNull(request, "request");
        RequestView view = new RequestView(request);
        Matches denied = new Matches(view, true);
        denied.collectFrom(denies);
        if (denied.statements != null) {
            return denied.decision(Outcome.EXPLICIT_DENY);
        }
        Matches allowed = new Matches(view, false);
        allowed.collectFrom(allows);
        return allowed.decision(allowed.statements != null ? Outcome.ALLOW : Outcome.IMPLICIT_DENY);
    }

    /**
     * The statements of one effect that apply to a request, and those that could not be evaluated. The lists
     * are made on the first match, so a request that nothing matches allocates none.
     */
    private static final class Matches {
        private final RequestView view;
        /** Deny statements that could not be evaluated apply; Allow statements do not. */
        private final boolean unknownApplies;
        private List<Entry> statements;
        private List<Entry> unknown;

        Matches(RequestView view, boolean unknownApplies) {
            this.view = view;
            this.unknownApplies = unknownApplies;
        }

        void collectFrom(StatementIndex index) {
            collect(index.forAction(view.foldedAction()));
            collect(index.forService(view.service()));
            collect(index.anyAction());
        }

        private void collect(Entry[] entries) {
            for (Entry entry : entries) {
                Truth applies = entry.statement().appliesTo(view);
                if (applies == Truth.UNKNOWN) {
                    unknown = add(unknown, entry);
                }
                if (applies == Truth.TRUE || applies == Truth.UNKNOWN && unknownApplies) {
                    statements = add(statements, entry);
                }
            }
        }

        private static List<Entry> add(List<Entry> list, Entry entry) {
            List<Entry> target = list == null ? new ArrayList<>(4) : list;
            target.add(entry);
            return target;
        }

        /** Lists built with {@code List.of}, which {@link Decision} keeps as they are instead of copying. */
        Decision decision(Outcome outcome) {
            List<StatementRef> refs = List.of();
            if (statements != null) {
                statements.sort(SET_ORDER);
                StatementRef[] array = new StatementRef[statements.size()];
                for (int i = 0; i < array.length; i++) {
                    array[i] = statements.get(i).ref();
                }
                refs = List.of(array);
            }
            List<EvaluationError> errors = List.of();
            if (unknown != null) {
                unknown.sort(SET_ORDER);
                EvaluationError[] array = new EvaluationError[unknown.size()];
                for (int i = 0; i < array.length; i++) {
                    array[i] = new EvaluationError(unknown.get(i).ref(), unknown.get(i).statement().explainUnknown(view));
                }
                errors = List.of(array);
            }
            return new Decision(outcome, refs, errors);
        }
    }
}
