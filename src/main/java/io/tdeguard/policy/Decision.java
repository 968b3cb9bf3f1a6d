package io.tdeguard.policy;

import java.util.List;
import java.util.Objects;

/**
 * The result of {@link PolicySet#evaluate(AccessRequest)} and its reasons.
 *
 * @param outcome           allow, explicit deny or implicit deny
 * @param matchedStatements for {@link Outcome#EXPLICIT_DENY} every denying statement, for {@link Outcome#ALLOW}
 *                          every allowing statement, for {@link Outcome#IMPLICIT_DENY} none; in policy order,
 *                          then statement order
 * @param errors            statements that could not be evaluated because a request value could not be
 *                          interpreted: the denying ones among them are in {@code matchedStatements}, the
 *                          allowing ones did not allow
 */
public record Decision(Outcome outcome, List<StatementRef> matchedStatements, List<EvaluationError> errors) {

    public Decision {
        Objects.requireNonNull(outcome, "outcome");
        matchedStatements = List.copyOf(matchedStatements);
        errors = List.copyOf(errors);
        if (outcome == Outcome.IMPLICIT_DENY && !matchedStatements.isEmpty()) {
            throw new IllegalArgumentException("an implicit deny has no matched statements");
        }
        if (outcome != Outcome.IMPLICIT_DENY && matchedStatements.isEmpty()) {
            throw new IllegalArgumentException(outcome.wireName() + " names the statements that produced it");
        }
    }

    public Decision(Outcome outcome, List<StatementRef> matchedStatements) {
        this(outcome, matchedStatements, List.of());
    }

    public boolean isAllowed() {
        return outcome.isAllowed();
    }

    /**
     * One line for a person: which statements decided, or that none allowed, and any statement that could
     * not be evaluated. For example {@code explicitly denied by DenyDisable Statement[0] (Sid "KeepTde")}.
     */
    public String explanation() {
        StringBuilder text = new StringBuilder(switch (outcome) {
            case ALLOW -> "allowed by " + joined(matchedStatements);
            case EXPLICIT_DENY -> "explicitly denied by " + joined(matchedStatements);
            case IMPLICIT_DENY -> "implicitly denied: no statement allows the action on the resource";
        });
        String consequence = outcome == Outcome.EXPLICIT_DENY
                ? " denies because its conditions could not be evaluated: "
                : " does not allow because its conditions could not be evaluated: ";
        for (EvaluationError error : errors) {
            text.append("; ").append(error.statement()).append(consequence).append(error.reason());
        }
        return text.toString();
    }

    private static String joined(List<StatementRef> statements) {
        StringBuilder text = new StringBuilder();
        for (StatementRef statement : statements) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(statement);
        }
        return text.toString();
    }
}
