package io.tdeguard.audit.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.tdeguard.audit.chain.ChainAppender;
import io.tdeguard.audit.chain.ChainEntry;
import io.tdeguard.audit.chain.ChainHash;
import io.tdeguard.audit.chain.Checkpoint;
import io.tdeguard.audit.chain.CheckpointKeys;

/** The offline verifier's command line on export files written here in the export format. */
class VerifyExportTest {

    static final CheckpointKeys.SigningKey KEY = CheckpointKeys.signingKey(
            "MC4CAQAwBQYDK2VwBCIEIHKPNMB/MFnGs0lmhdxME+UO0XNfa/Euf0I0tGm4TfqI");
    static final String PUBLIC_KEY = CheckpointKeys.base64(KEY.publicKey());
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    final ByteArrayOutputStream output = new ByteArrayOutputStream();

    List<ChainEntry> chain(int n) {
        List<ChainEntry> entries = new ArrayList<>();
        long seq = 0;
        String hash = ChainHash.GENESIS;
        for (int i = 1; i <= n; i++) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("seq", i);
            event.put("userName", "zo\u00eb \"quoted\" \\ \u0001 \ud83d\ude00");
            ChainEntry entry = ChainAppender.append(seq, hash, event);
            entries.add(entry);
            seq = entry.seq();
            hash = entry.hash();
        }
        return entries;
    }

    Path export(List<ChainEntry> events, List<Checkpoint> checkpoints, boolean withEnd) throws Exception {
        StringBuilder text = new StringBuilder();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("type", "header");
        header.put("format", "tdeguard.audit.export.v1");
        header.put("startSeq", 1);
        header.put("endSeq", events.isEmpty() ? 0 : events.get(events.size() - 1).seq());
        header.put("headSeq", events.isEmpty() ? 0 : events.get(events.size() - 1).seq());
        header.put("prevHash", ChainHash.GENESIS);
        header.put("keyId", KEY.keyId());
        text.append(JSON.writeValueAsString(header)).append('\n');
        for (ChainEntry event : events) {
            text.append(JSON.writeValueAsString(Map.of("type", "event", "seq", event.seq(), "prevHash", event.prevHash(),
                    "hash", event.hash(), "canonicalEvent", event.canonicalEventJson()))).append('\n');
        }
        for (Checkpoint checkpoint : checkpoints) {
            text.append(JSON.writeValueAsString(Map.of("type", "checkpoint", "seq", checkpoint.seq(), "hash",
                    checkpoint.hash(), "time", checkpoint.time(), "keyId", checkpoint.keyId(), "signature",
                    checkpoint.signature()))).append('\n');
        }
        if (withEnd) {
            text.append(JSON.writeValueAsString(Map.of("type", "end", "events", events.size(), "checkpoints",
                    checkpoints.size()))).append("\n\n"); // acs-call's println adds a blank line
        }
        Path file = directory.resolve("export-" + System.nanoTime() + ".jsonl");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    Checkpoint checkpointOf(List<ChainEntry> events, int seq) {
        return KEY.sign(seq, events.get(seq - 1).hash(), Instant.parse("2026-11-28T16:52:28.123Z"));
    }

    int run(String... args) {
        return new VerifyExport(new PrintStream(output, true, StandardCharsets.UTF_8),
                new PrintStream(output, true, StandardCharsets.UTF_8)).run(List.of(args));
    }

    String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void verifiesAnIntactExportWithItsCheckpoints() throws Exception {
        List<ChainEntry> events = chain(30);
        Path file = export(events, List.of(checkpointOf(events, 10), checkpointOf(events, 30)), true);
        Path kept = export(events.subList(0, 10), List.of(checkpointOf(events, 10)), true);
        assertEquals(VerifyExport.VERIFIED, run("--public-key", PUBLIC_KEY, "--checkpoints", kept.toString(),
                file.toString()), printed());
        assertTrue(printed().contains("Verified: true\n"), printed());
        assertTrue(printed().contains("CheckedEvents: 30\n"), printed());
        assertTrue(printed().contains("CheckedCheckpoints: 2\n"), printed());
        assertTrue(printed().contains("HeadHash: " + events.get(29).hash() + "\n"), printed());
        assertTrue(printed().contains("CheckedKeptCheckpoints: 1\n"), printed());
    }

    @Test
    void saysAnExportVerifiedOnlyAgainstItselfIsSelfAnchored() throws Exception {
        List<ChainEntry> events = chain(12);
        Path file = export(events, List.of(checkpointOf(events, 12)), true);
        assertEquals(VerifyExport.SELF_ANCHORED, run("--public-key", PUBLIC_KEY, file.toString()), printed());
        assertTrue(printed().contains("Verified: true\n"), printed());
        assertTrue(printed().contains("SelfAnchored: "), printed());
    }

    @Test
    void anExportStartingAfterTheGenesisIsAnchoredOnItsHeaderOnlyWithoutPrevHash() throws Exception {
        List<ChainEntry> events = chain(20);
        Path kept = export(events, List.of(checkpointOf(events, 20)), true);
        Path tail = export(events.subList(10, 20), List.of(), true);
        Files.writeString(tail, Files.readString(tail).replace("\"startSeq\":1", "\"startSeq\":11").replace(
                "\"prevHash\":\"" + ChainHash.GENESIS + "\"", "\"prevHash\":\"" + events.get(9).hash() + "\""));
        assertEquals(VerifyExport.SELF_ANCHORED, run("--public-key", PUBLIC_KEY, "--checkpoints", kept.toString(),
                tail.toString()), printed());
        assertTrue(printed().contains("Anchor: the export's header"), printed());
        output.reset();
        assertEquals(VerifyExport.VERIFIED, run("--public-key", PUBLIC_KEY, "--checkpoints", kept.toString(),
                "--prev-hash", events.get(9).hash(), tail.toString()), printed());
    }

    @Test
    void anEditedHeaderDoesNotHideAKeptCheckpointBeyondTheExport() throws Exception {
        List<ChainEntry> events = chain(20);
        Path earlier = export(events, List.of(checkpointOf(events, 20)), true);
        Path truncated = export(events.subList(0, 15), List.of(checkpointOf(events, 15)), true);
        // the header claims a partial export of a longer trail: a verifier trusting it would drop the kept checkpoint
        Files.writeString(truncated, Files.readString(truncated).replace("\"headSeq\":15", "\"headSeq\":99"));
        assertEquals(VerifyExport.NOT_COVERED, run("--public-key", PUBLIC_KEY, "--checkpoints", earlier.toString(),
                truncated.toString()), printed());
        assertTrue(printed().contains("NotCovered: kept checkpoints of seqs [20]"), printed());
    }

    @Test
    void takesTheSeqToCoverFromTheCommandLine() throws Exception {
        List<ChainEntry> events = chain(8);
        Path file = export(events, List.of(checkpointOf(events, 8)), true);
        assertEquals(VerifyExport.NOT_VERIFIED, run("--public-key", PUBLIC_KEY, "--checkpoints", file.toString(),
                "--end-seq", "9", file.toString()), printed());
        assertTrue(printed().contains("Reason: ExportTooShort"), printed());
        output.reset();
        assertEquals(VerifyExport.VERIFIED, run("--public-key", PUBLIC_KEY, "--checkpoints", file.toString(),
                "--end-seq", "8", file.toString()), printed());
    }

    @Test
    void takesThePublicKeyFromAPemFile() throws Exception {
        List<ChainEntry> events = chain(3);
        Path pem = directory.resolve("key.pem");
        Files.writeString(pem, CheckpointKeys.pem(KEY.publicKey()));
        assertEquals(VerifyExport.SELF_ANCHORED, run("--public-key", pem.toString(),
                export(events, List.of(checkpointOf(events, 3)), true).toString()), printed());
    }

    @Test
    void refusesCheckpointsUnderAnotherKey() throws Exception {
        List<ChainEntry> events = chain(5);
        String other = CheckpointKeys.base64(CheckpointKeys.signingKey(
                "MC4CAQAwBQYDK2VwBCIEIAxoGl7BJlE7V7cLH9UwB/26iREvIr8P5fyXEMpNSxrZ").publicKey());
        assertEquals(VerifyExport.NOT_VERIFIED, run("--public-key", other,
                export(events, List.of(checkpointOf(events, 4)), true).toString()), printed());
        assertTrue(printed().contains("Reason: BadCheckpointSignature"), printed());
        assertTrue(printed().contains("FirstBrokenSeq: 4\n"), printed());
    }

    @Test
    void keptCheckpointsRevealATruncationThatDeletedTheCheckpointsToo() throws Exception {
        List<ChainEntry> events = chain(20);
        Path earlier = export(events, List.of(checkpointOf(events, 20)), true);
        Path truncated = export(events.subList(0, 15), List.of(), true);
        assertEquals(VerifyExport.SELF_ANCHORED, run("--public-key", PUBLIC_KEY, truncated.toString()), printed());
        output.reset();
        assertEquals(VerifyExport.NOT_COVERED, run("--public-key", PUBLIC_KEY, "--checkpoints", earlier.toString(),
                truncated.toString()), printed());
        assertTrue(printed().contains("NotCovered: kept checkpoints of seqs [20] lie beyond the export's last event 15"),
                printed());
    }

    @Test
    void saysAnExportCutOffIsNotUsable() throws Exception {
        List<ChainEntry> events = chain(5);
        assertEquals(VerifyExport.CANNOT_RUN, run("--public-key", PUBLIC_KEY, export(events, List.of(), false).toString()));
        assertTrue(printed().contains("no end line"), printed());
    }

    @Test
    void saysALineThatIsNotJsonIsNotUsable() throws Exception {
        Path file = export(chain(2), List.of(), true);
        Files.writeString(file, Files.readString(file).replace("\"type\":\"event\"", "\"type\":event"));
        assertEquals(VerifyExport.CANNOT_RUN, run("--public-key", PUBLIC_KEY, file.toString()));
        assertTrue(printed().contains("line 2 is not a flat JSON object"), printed());
    }

    @Test
    void explainsItsCommandLine() {
        assertEquals(VerifyExport.CANNOT_RUN, run("export.jsonl"));
        assertTrue(printed().contains("usage: verify-audit-export"), printed());
        output.reset();
        assertEquals(VerifyExport.CANNOT_RUN, run("--public-key", "bm90IGEga2V5", "nonexistent.jsonl"));
        assertEquals(VerifyExport.VERIFIED, run("--help"));
    }

    @Test
    void readsStrictFlatJson() {
        assertEquals(Map.of("a", "x\u00e9\ud83d\ude00\n", "n", -12L, "t", true),
                FlatJson.parse("{\"a\":\"x\\u00e9\\ud83d\\ude00\\n\",\"n\":-12,\"t\":true}"));
        for (String bad : List.of("{\"a\":1.5}", "{\"a\":{}}", "{\"a\":1,\"a\":2}", "{\"a\":1} x", "{\"a\":\"\u0001\"}",
                "[1]", "{\"a\":01}")) {
            try {
                FlatJson.parse(bad);
                throw new AssertionError("accepted " + bad);
            } catch (IllegalArgumentException expected) {
                // refused, as it should
            }
        }
    }
}
