package io.tdeguard.policy;

/** The three results of an authorization, with the names RAM uses for them. */
public enum Outcome {
    /** At least one statement allows and none denies. */
    ALLOW("Allow"),
    /** At least one statement denies; a deny always beats an allow. */
    EXPLICIT_DENY("ExplicitDeny"),
    /** No statement allows (and none denies): the default. */
    IMPLICIT_DENY("ImplicitDeny");

    private final String wireName;

    Outcome(String wireName) {
        this.wireName = wireName;
    }

    /** {@code Allow}, {@code ExplicitDeny} or {@code ImplicitDeny}. */
    public String wireName() {
        return wireName;
    }

    public boolean isAllowed() {
        return this == ALLOW;
    }

    public static Outcome fromWireName(String wireName) {
        for (Outcome outcome : values()) {
            if (outcome.wireName.equals(wireName)) {
                return outcome;
            }
        }
        throw new IllegalArgumentException("unknown outcome \"" + wireName + "\"");
    }
}
