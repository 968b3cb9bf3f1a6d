package io.tdeguard.audit;

/** An event as the chain holds it. */
public record AppendedEvent(long seq, String eventId, String hash) {
}
