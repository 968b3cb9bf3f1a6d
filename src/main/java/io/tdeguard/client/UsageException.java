package io.tdeguard.client;

/** A command line that acs-call cannot run: it prints the message and its usage, and exits with status 2. */
final class UsageException extends Exception {

    UsageException(String message) {
        super(message);
    }
}
