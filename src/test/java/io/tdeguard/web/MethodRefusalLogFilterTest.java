package io.tdeguard.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Funqy's line for a method it does not take is dropped by the console handler of the running application; Funqy's
 * other errors, and the same words from any other logger, pass.
 */
@QuarkusTest
class MethodRefusalLogFilterTest {

    @Test
    void theConsoleDropsFunqysLinePerRefusedMethodOnly() {
        List<Handler> consoles = new ArrayList<>();
        collectConsoles(LogContext.getLogContext().getLogger("").getHandlers(), consoles);
        assertFalse(consoles.isEmpty(), "a console handler is installed");
        for (Handler console : consoles) {
            assertFalse(console.isLoggable(record("io.quarkus.funqy", "Must be POST or GET for: ModifyInstanceTDE")));
            assertTrue(console.isLoggable(record("io.quarkus.funqy", "Failed to unmarshal input")));
            assertTrue(console.isLoggable(record("io.tdeguard.web", "Must be POST or GET for: ModifyInstanceTDE")));
        }
    }

    private static void collectConsoles(Handler[] handlers, List<Handler> consoles) {
        for (Handler handler : handlers) {
            if (handler instanceof org.jboss.logmanager.handlers.ConsoleHandler) {
                consoles.add(handler);
            }
            if (handler instanceof ExtHandler ext) {
                collectConsoles(ext.getHandlers(), consoles);
            }
        }
    }

    private static LogRecord record(String logger, String message) {
        LogRecord record = new LogRecord(Level.SEVERE, message);
        record.setLoggerName(logger);
        return record;
    }
}
