package io.tdeguard.web;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Drops the ERROR line Funqy logs for every request whose method is neither GET nor POST ({@value #FUNQY_MESSAGE}
 * and the function's name): such a request is the caller's error, answered {@code UnsupportedHTTPMethod} (405) and
 * recorded as an unauthenticated refusal within its source's budget, counted beyond it ({@link ErrorResponses}); a
 * line a request would let a flood fill the logs at no cost. Every other record passes. Installed on the console
 * handler by {@code quarkus.log.console.filter}.
 */
@LoggingFilter(name = MethodRefusalLogFilter.NAME)
public final class MethodRefusalLogFilter implements Filter {

    public static final String NAME = "funqy-method-refusals";
    static final String FUNQY_LOGGER = "io.quarkus.funqy";
    static final String FUNQY_MESSAGE = "Must be POST or GET for: ";

    @Override
    public boolean isLoggable(LogRecord record) {
        return !(FUNQY_LOGGER.equals(record.getLoggerName()) && record.getMessage() != null
                && record.getMessage().startsWith(FUNQY_MESSAGE));
    }
}
