package io.tdeguard.audit.offline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStreamReader;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;

import io.tdeguard.audit.chain.ChainEntry;
import io.tdeguard.audit.chain.Checkpoint;

/**
 * An export file of ExportAuditTrail (JSON Lines, format {@code tdeguard.audit.export.v1}), read as streams: each
 * of {@link #events()} and {@link #checkpoints()} reads the file anew and holds one line at a time, so a file of
 * any size is verified in constant memory.
 */
final class ExportFile {

    static final String FORMAT = "tdeguard.audit.export.v1";

    /** A line that is not what the format says: the export is unusable, which is not the same as a broken trail. */
    static final class MalformedExport extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedExport(String message) {
            super(message);
        }
    }

    /**
     * The header's start and anchor (its endSeq and headSeq, the function's own word on the extent, are not read),
     * whether the file ends with its {@code end} line, how many lines it counts, and its last event line's seq
     * (null without one).
     */
    record Summary(long startSeq, String prevHash, String keyId, String exportedAt, boolean complete,
            long events, long checkpoints, Long lastEventSeq) {
    }

    private final Path path;

    ExportFile(Path path) {
        this.path = path;
    }

    /** Reads the header and checks the whole file's shape and its end line's counts. */
    Summary summary() {
        try (Lines lines = new Lines(path)) {
            if (!lines.hasNext()) {
                throw new MalformedExport("the export is empty");
            }
            Map<String, Object> header = lines.next();
            if (!"header".equals(header.get("type")) || !FORMAT.equals(header.get("format"))) {
                throw new MalformedExport("line 1 is not the header of a " + FORMAT + " export");
            }
            long startSeq = number(header, "startSeq", 1);
            long events = 0;
            long checkpoints = 0;
            Long lastEventSeq = null;
            boolean complete = false;
            while (lines.hasNext()) {
                Map<String, Object> line = lines.next();
                if (complete) {
                    throw new MalformedExport("line " + lines.number + " follows the end line");
                }
                Object type = line.get("type");
                if ("event".equals(type)) {
                    events++;
                    lastEventSeq = number(line, "seq", lines.number);
                } else if ("checkpoint".equals(type)) {
                    checkpoints++;
                } else if ("end".equals(type)) {
                    complete = number(line, "events", lines.number) == events
                            && number(line, "checkpoints", lines.number) == checkpoints;
                    if (!complete) {
                        throw new MalformedExport("the end line counts " + line.get("events") + " events and "
                                + line.get("checkpoints") + " checkpoints, the file has " + events + " and " + checkpoints);
                    }
                } else {
                    throw new MalformedExport("line " + lines.number + " has an unknown type " + type);
                }
            }
            if (!complete) {
                throw new MalformedExport("the export has no end line: it was cut off");
            }
            return new Summary(startSeq, (String) header.get("prevHash"), (String) header.get("keyId"),
                    (String) header.get("exportedAt"), complete, events, checkpoints, lastEventSeq);
        }
    }

    /** The event lines as chain entries, in file order. */
    Iterable<ChainEntry> events() {
        return () -> new Filtered<>(path, "event", (line, number) -> new ChainEntry(number(line, "seq", number),
                text(line, "canonicalEvent", number), text(line, "prevHash", number), text(line, "hash", number)));
    }

    /** The checkpoint lines, in file order. */
    Iterator<Checkpoint> checkpoints() {
        return new Filtered<>(path, "checkpoint", (line, number) -> new Checkpoint(number(line, "seq", number),
                text(line, "hash", number), text(line, "time", number), text(line, "keyId", number),
                text(line, "signature", number)));
    }

    private static long number(Map<String, Object> line, String key, long lineNumber) {
        if (!(line.get(key) instanceof Long value)) {
            throw new MalformedExport("line " + lineNumber + ": \"" + key + "\" is not an integer");
        }
        return value;
    }

    private static String text(Map<String, Object> line, String key, long lineNumber) {
        if (!(line.get(key) instanceof String value)) {
            throw new MalformedExport("line " + lineNumber + ": \"" + key + "\" is not a string");
        }
        return value;
    }

    private interface LineMapper<T> {
        T map(Map<String, Object> line, long number);
    }

    /** The lines of one type; closes the file when they run out. */
    private static final class Filtered<T> implements Iterator<T> {
        private final Lines lines;
        private final String type;
        private final LineMapper<T> mapper;
        private T next;

        Filtered(Path path, String type, LineMapper<T> mapper) {
            this.lines = new Lines(path);
            this.type = type;
            this.mapper = mapper;
        }

        @Override
        public boolean hasNext() {
            while (next == null && lines.hasNext()) {
                Map<String, Object> line = lines.next();
                if (type.equals(line.get("type"))) {
                    next = mapper.map(line, lines.number);
                }
            }
            if (next == null) {
                lines.close();
            }
            return next != null;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            T taken = next;
            next = null;
            return taken;
        }
    }

    /** The file's lines as parsed objects; strict UTF-8. */
    private static final class Lines implements Iterator<Map<String, Object>>, AutoCloseable {
        private final BufferedReader reader;
        private String line;
        long number;
        private boolean closed;

        Lines(Path path) {
            try {
                reader = new BufferedReader(new InputStreamReader(Files.newInputStream(path),
                        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }

        @Override
        public boolean hasNext() {
            if (line == null && !closed) {
                try {
                    // blank lines carry nothing (a shell's echo may add one after the end line)
                    do {
                        line = reader.readLine();
                        if (line != null && line.isBlank()) {
                            number++;
                        }
                    } while (line != null && line.isBlank());
                } catch (CharacterCodingException e) {
                    throw new MalformedExport("line " + (number + 1) + " is not UTF-8");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (line == null) {
                    close();
                }
            }
            return line != null;
        }

        @Override
        public Map<String, Object> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            number++;
            String text = line;
            line = null;
            try {
                return FlatJson.parse(text);
            } catch (IllegalArgumentException e) {
                throw new MalformedExport("line " + number + " is not a flat JSON object: " + e.getMessage());
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                try {
                    reader.close();
                } catch (IOException e) {
                    // nothing left to read
                }
            }
        }
    }
}
