package io.tdeguard.audit;

/** An event as stored: its row's seq (insertion order, not its leaf index), its id, and its tag. */
public record AppendedEvent(long seq, String eventId, String tag) {
}
