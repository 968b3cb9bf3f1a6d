package io.tdeguard.policy;

import java.util.Objects;

/**
 * One problem found in a policy document.
 *
 * @param path   where in the document, such as {@code Statement[2].Condition.IpAddress.acs:SourceIp[1]};
 *               empty for the document as a whole
 * @param reason what is wrong, lowercase, without a trailing period, user input quoted
 */
public record PolicyError(String path, String reason) {

    public PolicyError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
    }

    /** {@code path: reason}, or the reason alone for an error about the whole document. */
    public String message() {
        return path.isEmpty() ? reason : path + ": " + reason;
    }

    @Override
    public String toString() {
        return message();
    }
}
