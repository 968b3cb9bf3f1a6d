package io.tdeguard.audit.offline;

import java.io.Closeable;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lines of an export, read from its bytes as {@link java.io.BufferedReader#readLine} splits them (at LF, CR or
 * CRLF). A line is decoded as strict UTF-8 for {@link FlatJson}, except a leaf line of exactly the shape the exporter
 * writes, {@code {"type":"leaf","index":N,"data":"BASE64"}} with nothing else in it, whose members are taken from the
 * bytes: what FlatJson would read from it, without decoding a megabyte of base64 character by character. Any line that
 * differs from that shape in one byte (whitespace, escapes, another order) goes through FlatJson.
 */
final class ExportLines implements Closeable {

    private static final byte[] LEAF_START = "{\"type\":\"leaf\",\"index\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA_START = ",\"data\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LEAF_END = "\"}".getBytes(StandardCharsets.US_ASCII);
    /** Digits of an index read from the bytes: up to 18, so that it fits a long; longer ones go to FlatJson. */
    private static final int MAX_INDEX_DIGITS = 18;

    private final InputStream in;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[1 << 20];
    private int position;
    private int limit;
    private byte[] line = new byte[1 << 12];
    private int length;
    private boolean skipLineFeed;

    /** One line: its members when it is a leaf line of the exporter's shape, else its text. */
    record Line(String text, Map<String, Object> leaf) {
    }

    ExportLines(Path file) throws IOException {
        in = new FileInputStream(file.toFile());
    }

    /**
     * The next line, or null at the end of the file.
     *
     * @throws java.nio.charset.CharacterCodingException if a line that is not a leaf line is not UTF-8
     */
    Line next() throws IOException {
        length = 0;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return length == 0 ? null : line();
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
            append(position, end);
            position = end;
            if (end < limit) {
                skipLineFeed = buffer[end] == '\r';
                position++;
                return line();
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

    private Line line() throws IOException {
        Map<String, Object> leaf = leaf();
        if (leaf != null) {
            return new Line(null, leaf);
        }
        return new Line(utf8.decode(ByteBuffer.wrap(line, 0, length)).toString(), null);
    }

    /** The members of a leaf line of the exporter's exact shape; null for any other line. */
    private Map<String, Object> leaf() {
        if (!startsWith(LEAF_START, 0)) {
            return null;
        }
        int at = LEAF_START.length;
        int digits = 0;
        while (at + digits < length && line[at + digits] >= '0' && line[at + digits] <= '9') {
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
        if (!startsWith(DATA_START, at)) {
            return null;
        }
        int dataStart = at + DATA_START.length;
        int dataEnd = length - LEAF_END.length;
        if (dataEnd < dataStart || !startsWith(LEAF_END, dataEnd)) {
            return null;
        }
        for (int i = dataStart; i < dataEnd; i++) {
            byte c = line[i];
            boolean base64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/' || c == '=';
            if (!base64) {
                return null;
            }
        }
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", "leaf");
        members.put("index", index);
        members.put("data", new String(line, dataStart, dataEnd - dataStart, StandardCharsets.ISO_8859_1));
        return members;
    }

    private boolean startsWith(byte[] prefix, int at) {
        return length - at >= prefix.length && Arrays.equals(line, at, at + prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
