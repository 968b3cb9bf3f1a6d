package io.tdeguard.policy;

/**
 * A text that is not a valid number, date, boolean, IP address or CIDR block. Its message is a complete
 * reason in the style of {@link PolicyError#reason()}. Without a stack trace: it reports input, not a bug.
 */
final class ValueFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    ValueFormatException(String reason) {
        super(reason, null, false, false);
    }
}
