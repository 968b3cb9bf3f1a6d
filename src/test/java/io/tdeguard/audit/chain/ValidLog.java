package io.tdeguard.audit.chain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code audit/chain/valid-log.json}: a valid 20-event chain from seq 1 and the events it records, written by
 * {@code make_valid_log.py} (an implementation independent of this package). The negative vectors mutate it.
 */
final class ValidLog {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The log's entries in seq order. */
    final List<ChainEntry> entries;
    /** The event each entry records, as parsed from the file (member order as written there, not sorted). */
    final List<Map<String, Object>> events;

    private ValidLog(List<ChainEntry> entries, List<Map<String, Object>> events) {
        this.entries = List.copyOf(entries);
        this.events = List.copyOf(events);
    }

    static ValidLog load() {
        try (InputStream in = ValidLog.class.getResourceAsStream("/audit/chain/valid-log.json")) {
            List<ChainEntry> entries = new ArrayList<>();
            List<Map<String, Object>> events = new ArrayList<>();
            for (JsonNode entry : JSON.readTree(in).get("entries")) {
                entries.add(new ChainEntry(entry.get("seq").asLong(), entry.get("canonicalEventJson").asText(),
                        entry.get("prevHash").asText(), entry.get("hash").asText()));
                events.add(JSON.convertValue(entry.get("event"), new TypeReference<Map<String, Object>>() {
                }));
            }
            return new ValidLog(entries, events);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stored hash of the entry with this seq. */
    String hashOf(long seq) {
        return entries.get((int) seq - 1).hash();
    }
}
