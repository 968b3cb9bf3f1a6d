package io.tdeguard.policy;

/**
 * The condition operators, spelled exactly as in a policy. Each belongs to a {@link Family} (how values are
 * read), has a {@link Comparison} (request value against policy value) and may be negated: a negated
 * operator holds exactly when its positive counterpart does not.
 */
enum ConditionOperator {
    STRING_EQUALS("StringEquals", Family.STRING, Comparison.EQUAL, false),
    STRING_NOT_EQUALS("StringNotEquals", Family.STRING, Comparison.EQUAL, true),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", Family.STRING_IGNORE_CASE, Comparison.EQUAL, false),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", Family.STRING_IGNORE_CASE, Comparison.EQUAL, true),
    STRING_LIKE("StringLike", Family.STRING_PATTERN, Comparison.EQUAL, false),
    STRING_NOT_LIKE("StringNotLike", Family.STRING_PATTERN, Comparison.EQUAL, true),
    NUMERIC_EQUALS("NumericEquals", Family.NUMERIC, Comparison.EQUAL, false),
    NUMERIC_NOT_EQUALS("NumericNotEquals", Family.NUMERIC, Comparison.EQUAL, true),
    NUMERIC_LESS_THAN("NumericLessThan", Family.NUMERIC, Comparison.LESS, false),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Family.NUMERIC, Comparison.LESS_OR_EQUAL, false),
    NUMERIC_GREATER_THAN("NumericGreaterThan", Family.NUMERIC, Comparison.GREATER, false),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Family.NUMERIC, Comparison.GREATER_OR_EQUAL, false),
    DATE_EQUALS("DateEquals", Family.DATE, Comparison.EQUAL, false),
    DATE_NOT_EQUALS("DateNotEquals", Family.DATE, Comparison.EQUAL, true),
    DATE_LESS_THAN("DateLessThan", Family.DATE, Comparison.LESS, false),
    DATE_LESS_THAN_EQUALS("DateLessThanEquals", Family.DATE, Comparison.LESS_OR_EQUAL, false),
    DATE_GREATER_THAN("DateGreaterThan", Family.DATE, Comparison.GREATER, false),
    DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", Family.DATE, Comparison.GREATER_OR_EQUAL, false),
    BOOL("Bool", Family.BOOLEAN, Comparison.EQUAL, false),
    IP_ADDRESS("IpAddress", Family.IP, Comparison.EQUAL, false),
    NOT_IP_ADDRESS("NotIpAddress", Family.IP, Comparison.EQUAL, true);

    /** How the values of an operator are read, in the policy and in the request. */
    enum Family {
        STRING("text"),
        STRING_IGNORE_CASE("text"),
        STRING_PATTERN("text"),
        NUMERIC("a number"),
        DATE("a date"),
        BOOLEAN("a boolean"),
        IP("an IP address");

        private final String requestValueKind;

        Family(String requestValueKind) {
            this.requestValueKind = requestValueKind;
        }

        /** What a request value must be for this family, as in "is not a number". */
        String requestValueKind() {
            return requestValueKind;
        }
    }

    /**
     * How a request value compares with a policy value. Only numbers and dates are ordered; the other
     * families use {@code EQUAL} (for patterns and IP blocks: "matches", "lies in").
     */
    enum Comparison {
        EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL;

        /** Whether {@code request.compareTo(policy)} satisfies this comparison. */
        boolean holds(int requestComparedToPolicy) {
            return switch (this) {
                case EQUAL -> requestComparedToPolicy == 0;
                case LESS -> requestComparedToPolicy < 0;
                case LESS_OR_EQUAL -> requestComparedToPolicy <= 0;
                case GREATER -> requestComparedToPolicy > 0;
                case GREATER_OR_EQUAL -> requestComparedToPolicy >= 0;
            };
        }
    }

    private final String wireName;
    private final Family family;
    private final Comparison comparison;
    private final boolean negated;

    ConditionOperator(String wireName, Family family, Comparison comparison, boolean negated) {
        this.wireName = wireName;
        this.family = family;
        this.comparison = comparison;
        this.negated = negated;
    }

    String wireName() {
        return wireName;
    }

    Family family() {
        return family;
    }

    Comparison comparison() {
        return comparison;
    }

    boolean negated() {
        return negated;
    }

    /** The operator spelled exactly so, or {@code null}. */
    static ConditionOperator fromWireName(String text) {
        for (ConditionOperator operator : values()) {
            if (operator.wireName.equals(text)) {
                return operator;
            }
        }
        return null;
    }

    /** The operator spelled so in another case, for a "did you mean" hint, or {@code null}. */
    static ConditionOperator fromWireNameIgnoringCase(String text) {
        for (ConditionOperator operator : values()) {
            if (operator.wireName.equalsIgnoreCase(text)) {
                return operator;
            }
        }
        return null;
    }
}
