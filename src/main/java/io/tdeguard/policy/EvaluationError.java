package io.tdeguard.policy;

import java.util.Objects;

/**
 * A statement whose conditions could not be evaluated because a request value could not be interpreted
 * for its operator (say {@code "abc"} for {@code IpAddress}). Such a Deny statement still denies and such
 * an Allow statement does not allow: see the package documentation.
 */
public record EvaluationError(StatementRef statement, String reason) {

    public EvaluationError {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return statement + ": " + reason;
    }
}
