package io.tdeguard.audit.offline;

import java.io.Closeable;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;

/**
 * The lines of an export, split from its bytes as {@link java.io.BufferedReader#readLine} splits them (at LF, CR or
 * CRLF), and read by {@link #parse}: a line is decoded as strict UTF-8 for {@link FlatJson}, except a leaf line of
 * exactly the shape the exporter writes, {@code {"type":"leaf","index":N,"data":"BASE64"}} with nothing else in it,
 * whose index and leaf bytes are taken from the line's bytes by the base64 decoder alone: what FlatJson and the
 * decoder would make of it, without a string of the line or a map. Any line that differs
 * from that shape in one byte (whitespace, escapes, another order, a byte outside base64) goes through FlatJson.
 * Splitting and parsing are apart so that a verifier splits on one thread and parses on others.
 */
final class ExportLines implements Closeable {

    private static final byte[] LEAF_START = "{\"type\":\"leaf\",\"index\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA_START = ",\"data\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LEAF_END = "\"}".getBytes(StandardCharsets.US_ASCII);
    /** Digits of an index read from the bytes: up to 18, so that it fits a long; longer ones go to FlatJson. */
    private static final int MAX_INDEX_DIGITS = 18;

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 20];
    private int position;
    private int limit;
    private byte[] line = new byte[1 << 12];
    private int length;
    private boolean skipLineFeed;

    /**
     * One line, parsed: a leaf line of the exporter's shape as its index and leaf bytes ({@code text} null), any
     * other line as its text ({@code leafData} null).
     */
    record Line(String text, long leafIndex, byte[] leafData) {
    }

    ExportLines(Path file) throws IOException {
        in = new FileInputStream(file.toFile());
    }

    /** The next line's bytes (without its line break), or null at the end of the file. */
    byte[] next() throws IOException {
        length = 0;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return length == 0 ? null : Arrays.copyOf(line, length);
                }
            }
            if (skipLineFeed) {
                skipLineFeed = false;
                if (buffer[position] == '\n') {
                    position++;
                    continue;
                }
            }
            int end = position;
            while (end < limit && buffer[end] != '\n' && buffer[end] != '\r') {
                end++;
            }
            if (end < limit && length == 0) { // the whole line is in the buffer: one copy
                byte[] whole = Arrays.copyOfRange(buffer, position, end);
                skipLineFeed = buffer[end] == '\r';
                position = end + 1;
                return whole;
            }
            append(position, end);
            position = end;
            if (end < limit) {
                skipLineFeed = buffer[end] == '\r';
                position++;
                return Arrays.copyOf(line, length);
            }
        }
    }

    private void append(int from, int to) {
        int count = to - from;
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
        }
        System.arraycopy(buffer, from, line, length, count);
        length += count;
    }

    /**
     * Reads one line's bytes; thread-safe.
     *
     * @throws CharacterCodingException if the line is not a leaf line of the exporter's shape and not UTF-8
     */
    static Line parse(byte[] line) throws CharacterCodingException {
        Line leaf = leaf(line);
        if (leaf != null) {
            return leaf;
        }
        return new Line(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line)).toString(), 0, null);
    }

    /** A leaf line of the exporter's exact shape, its data decoded; null for any other line. */
    private static Line leaf(byte[] line) {
        if (!startsWith(line, LEAF_START, 0)) {
            return null;
        }
        int at = LEAF_START.length;
        int digits = 0;
        while (at + digits < line.length && line[at + digits] >= '0' && line[at + digits] <= '9') {
            digits++;
        }
        if (digits == 0 || digits > MAX_INDEX_DIGITS || (digits > 1 && line[at] == '0')) {
            return null;
        }
        long index = 0;
        for (int i = at; i < at + digits; i++) {
            index = index * 10 + (line[i] - '0');
        }
        at += digits;
        if (!startsWith(line, DATA_START, at)) {
            return null;
        }
        int dataStart = at + DATA_START.length;
        int dataEnd = line.length - LEAF_END.length;
        if (dataEnd < dataStart || !startsWith(line, LEAF_END, dataEnd)) {
            return null;
        }
        try {
            // the decoder refuses every byte outside base64, a quote or a backslash (an escape) among them
            return new Line(null, index, Base64.getDecoder().decode(Arrays.copyOfRange(line, dataStart, dataEnd)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean startsWith(byte[] line, byte[] prefix, int at) {
        return line.length - at >= prefix.length
                && Arrays.equals(line, at, at + prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
