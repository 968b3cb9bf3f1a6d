package io.tdeguard.policy;

import java.util.Objects;

/**
 * Names one statement of one policy: the policy's name, the statement's position in its
 * {@code Statement} list (from 0) and its {@code Sid}, or {@code null} when it has none.
 */
public record StatementRef(String policyName, int index, String sid) {

    public StatementRef {
        Objects.requireNonNull(policyName, "policyName");
        if (index < 0) {
            throw new IllegalArgumentException("a statement index is not negative");
        }
    }

    /** {@code AdminFullAccess Statement[0] (Sid "AllowAll")}, or without the Sid part when there is none. */
    @Override
    public String toString() {
        String position = policyName + " Statement[" + index + "]";
        return sid == null ? position : position + " (Sid " + Quoting.quote(sid) + ")";
    }
}
