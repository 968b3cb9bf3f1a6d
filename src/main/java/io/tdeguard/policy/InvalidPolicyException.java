package io.tdeguard.policy;

import java.util.List;

/** A policy document was refused; {@link #errors()} lists every problem found, in document order. */
public final class InvalidPolicyException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<PolicyError> errors;

    public InvalidPolicyException(List<PolicyError> errors) {
        super(firstMessage(errors));
        this.errors = List.copyOf(errors);
    }

    private static String firstMessage(List<PolicyError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid policy has at least one error");
        }
        return errors.get(0).message();
    }

    public List<PolicyError> errors() {
        return errors;
    }
}
