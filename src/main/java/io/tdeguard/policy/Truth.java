package io.tdeguard.policy;

/**
 * Three-valued (Kleene) logic for conditions: {@link #UNKNOWN} stands for a comparison with a request value
 * that could not be interpreted. A result is {@link #TRUE} or {@link #FALSE} only when it would be the same
 * whatever that value had meant, which is what keeps a malformed request value from switching a Deny off.
 */
enum Truth {
    TRUE, FALSE, UNKNOWN;

    Truth not() {
        return switch (this) {
            case TRUE -> FALSE;
            case FALSE -> TRUE;
            case UNKNOWN -> UNKNOWN;
        };
    }
}
