package io.tdeguard.audit;

import java.time.Instant;

/**
 * An event as stored: its row's seq (insertion order, not its leaf index), its id, its tag, and its recorded time
 * (eventTime, milliseconds).
 */
public record AppendedEvent(long seq, String eventId, String tag, Instant eventTime) {
}
