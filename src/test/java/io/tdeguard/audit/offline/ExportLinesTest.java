package io.tdeguard.audit.offline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export's lines as the offline verifier reads them: split as readLine splits, read as FlatJson and the base64
 * decoder read them.
 */
class ExportLinesTest {

    @TempDir
    Path directory;

    List<ExportLines.Line> read(byte[] bytes) throws Exception {
        Path file = directory.resolve("lines-" + System.nanoTime());
        Files.write(file, bytes);
        List<ExportLines.Line> lines = new ArrayList<>();
        try (ExportLines reader = new ExportLines(file)) {
            for (byte[] line = reader.next(); line != null; line = reader.next()) {
                lines.add(ExportLines.parse(line));
            }
        }
        return lines;
    }

    @Test
    void readsALeafLineOfTheExportersShapeAsFlatJsonReadsIt() throws Exception {
        String text = "{\"type\":\"leaf\",\"index\":1234567,\"data\":\"eyJhIjoxfQ==\"}";
        ExportLines.Line line = read((text + "\n").getBytes(StandardCharsets.US_ASCII)).get(0);
        Map<String, Object> members = FlatJson.parse(text);
        assertNull(line.text());
        assertEquals(members.get("index"), line.leafIndex());
        assertArrayEquals(Base64.getDecoder().decode((String) members.get("data")), line.leafData());
    }

    @Test
    void leavesEveryOtherShapeToFlatJson() throws Exception {
        for (String text : List.of("{\"type\":\"leaf\", \"index\":1,\"data\":\"eyJhIjoxfQ==\"}",
                "{\"type\":\"leaf\",\"index\":01,\"data\":\"eyJhIjoxfQ==\"}",
                "{\"type\":\"leaf\",\"index\":-1,\"data\":\"eyJhIjoxfQ==\"}",
                "{\"type\":\"leaf\",\"index\":1,\"data\":\"eyJhIjox\\u0066Q==\"}",
                "{\"type\":\"leaf\",\"index\":1,\"data\":\"eyJhIjoxfQ==\"} ",
                "{\"type\":\"leaf\",\"index\":1,\"data\":\"eyJhIjoxfQ==\",\"x\":1}",
                "{\"type\":\"leaf\",\"index\":12345678901234567890,\"data\":\"\"}",
                "{\"type\":\"leaf\",\"index\":1,\"data\":\"eyJh*IjoxfQ==\"}",
                "{\"type\":\"leaf\",\"index\":1,\"data\":\"eyJhIjoxfQ==\",\"x\":\"y\"}",
                "{\"index\":1,\"type\":\"leaf\",\"data\":\"eyJhIjoxfQ==\"}")) {
            ExportLines.Line line = read(text.getBytes(StandardCharsets.UTF_8)).get(0);
            assertNull(line.leafData(), text);
            assertEquals(text, line.text());
        }
    }

    @Test
    void splitsAtLineFeedsCarriageReturnsAndBoth() throws Exception {
        List<ExportLines.Line> lines = read("a\nb\r\nc\rd\n\ne".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of("a", "b", "c", "d", "", "e"), lines.stream().map(ExportLines.Line::text).toList());
    }

    @Test
    void readsLinesLongerThanItsBuffers() throws Exception {
        String data = "QUJD".repeat(600_000);
        String text = "{\"type\":\"leaf\",\"index\":0,\"data\":\"" + data + "\"}";
        List<ExportLines.Line> lines = read((text + "\n" + text).getBytes(StandardCharsets.US_ASCII));
        assertEquals(2, lines.size());
        assertEquals(0L, lines.get(1).leafIndex());
        assertArrayEquals(Base64.getDecoder().decode(data), lines.get(1).leafData());
    }

    @Test
    void refusesALineThatIsNotUtf8() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("{\"type\":\"end\",\"x\":\"".getBytes(StandardCharsets.US_ASCII));
        bytes.write(0xC3);
        bytes.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
        assertThrows(CharacterCodingException.class, () -> read(bytes.toByteArray()));
    }
}
