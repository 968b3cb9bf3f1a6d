package io.tdeguard.policy;

import java.util.ArrayList;
import java.util.Arrays;
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
        if (denied.any()) {
            return denied.decision(Outcome.EXPLICIT_DENY);
        }
        Matches allowed = new Matches(view, false);
        allowed.collectFrom(allows);
        return allowed.decision(allowed.any() ? Outcome.ALLOW : Outcome.IMPLICIT_DENY);
    }

    /**
     * The statements of one effect that apply to a request, and those that could not be evaluated, in set
     * order. The three groups a request looks at ({@link StatementIndex}) are each in set order, so walking
     * them merged yields the statements in set order with nothing to sort. The arrays are made on the first
     * match, so a request that nothing matches allocates none.
     */
    private static final class Matches {
        private static final int NO_MORE = Integer.MAX_VALUE;

        private final RequestView view;
        /** Deny statements that could not be evaluated apply; Allow statements do not. */
        private final boolean unknownApplies;
        private Entry[] statements;
        private int statementCount;
        private Entry[] unknown;
        private int unknownCount;

        Matches(RequestView view, boolean unknownApplies) {
            this.view = view;
            this.unknownApplies = unknownApplies;
        }

        boolean any() {
            return statementCount > 0;
        }

        void collectFrom(StatementIndex index) {
            Entry[] sameAction = index.forAction(view.foldedAction());
            Entry[] sameService = index.forService(view.service());
            Entry[] anyAction = index.anyAction();
            int a = 0;
            int s = 0;
            int w = 0;
            while (true) {
                int actionOrdinal = ordinalAt(sameAction, a);
                int serviceOrdinal = ordinalAt(sameService, s);
                int anyOrdinal = ordinalAt(anyAction, w);
                if (actionOrdinal < serviceOrdinal && actionOrdinal < anyOrdinal) {
                    // the index put it there because it names this very action
                    Entry entry = sameAction[a++];
                    record(entry, entry.statement().appliesToItsAction(view));
                } else if (serviceOrdinal < anyOrdinal) {
                    Entry entry = sameService[s++];
                    record(entry, entry.statement().appliesTo(view));
                } else if (anyOrdinal != NO_MORE) {
                    Entry entry = anyAction[w++];
                    record(entry, entry.statement().appliesTo(view));
                } else {
                    return;
                }
            }
        }

        private static int ordinalAt(Entry[] entries, int position) {
            return position < entries.length ? entries[position].ordinal() : NO_MORE;
        }

        private void record(Entry entry, Truth applies) {
            if (applies == Truth.UNKNOWN) {
                unknown = append(unknown, unknownCount++, entry);
            }
            if (applies == Truth.TRUE || applies == Truth.UNKNOWN && unknownApplies) {
                statements = append(statements, statementCount++, entry);
            }
        }

        private static Entry[] append(Entry[] entries, int position, Entry entry) {
            Entry[] target = entries == null ? new Entry[4]
                    : position == entries.length ? Arrays.copyOf(entries, position * 2) : entries;
            target[position] = entry;
            return target;
        }

        /** Lists built with {@code List.of}, which {@link Decision} keeps as they are instead of copying. */
        Decision decision(Outcome outcome) {
            StatementRef[] refs = new StatementRef[statementCount];
            for (int i = 0; i < statementCount; i++) {
                refs[i] = statements[i].ref();
            }
            EvaluationError[] errors = new EvaluationError[unknownCount];
            for (int i = 0; i < unknownCount; i++) {
                errors[i] = new EvaluationError(unknown[i].ref(), unknown[i].statement().explainUnknown(view));
            }
            return new Decision(outcome, List.of(refs), List.of(errors));
        }
    }
}
