package io.tdeguard.audit.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tdeguard.audit.tlog.Checkpoint;
import io.tdeguard.audit.tlog.CompactRange;
import io.tdeguard.audit.tlog.MerkleHash;
import io.tdeguard.audit.tlog.MerkleTree;
import io.tdeguard.audit.tlog.NodeId;
import io.tdeguard.audit.tlog.NoteSigner;
import io.tdeguard.audit.tlog.SignedNote;

/**
 * The offline verifier of the audit log v2 on export files written here: a valid log and mutations of it, each with
 * the exit status and reason the auditor must see.
 */
class VerifyLogTest {

    static final String ORIGIN = "tdeguard/1234567890123456/audit";
    static final NoteSigner SIGNER = NoteSigner.fromSeed(ORIGIN, seed(1));
    static final NoteSigner FORGER = NoteSigner.fromSeed(ORIGIN, seed(2));
    static final String KEY = SIGNER.verifierKey().format();

    @TempDir
    Path directory;

    final ByteArrayOutputStream output = new ByteArrayOutputStream();

    static byte[] seed(int b) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) b);
        return seed;
    }

    static List<byte[]> leaves(int n) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(("{\"eventId\":\"" + i + "\",\"userName\":\"zo\u00eb \\u0000\"}").getBytes(StandardCharsets.UTF_8));
        }
        return leaves;
    }

    /** The signed checkpoint of the first {@code size} leaves. */
    static String note(List<byte[]> leaves, int size, NoteSigner signer) {
        CompactRange range = new CompactRange();
        leaves.subList(0, size).forEach(leaf -> range.add(MerkleHash.leafHash(leaf)));
        return SignedNote.sign(new Checkpoint(ORIGIN, size, range.rootHash()).format(), List.of(signer));
    }

    /** An export of {@code leaves} with checkpoints at the given sizes, as ExportAuditTrail writes it. */
    static List<String> export(List<byte[]> leaves, int... checkpointSizes) {
        List<String> lines = new ArrayList<>();
        lines.add("{\"type\":\"header\",\"format\":\"tdeguard.audit.export.v2\",\"origin\":\"" + ORIGIN
                + "\",\"treeSize\":" + leaves.size() + "}");
        for (int i = 0; i < leaves.size(); i++) {
            lines.add("{\"type\":\"leaf\",\"index\":" + i + ",\"data\":\"" + Base64.getEncoder().encodeToString(
                    leaves.get(i)) + "\"}");
            for (int size : checkpointSizes) {
                if (size == i + 1) {
                    lines.add("{\"type\":\"checkpoint\",\"note\":" + json(note(leaves, size, SIGNER)) + "}");
                }
            }
        }
        lines.add("{\"type\":\"end\",\"leaves\":" + leaves.size() + "}");
        return lines;
    }

    static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    Path file(String name, List<String> lines) throws Exception {
        Path file = directory.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    Path kept(List<byte[]> leaves, int size) throws Exception {
        Path file = directory.resolve("kept-" + size + ".note");
        Files.writeString(file, note(leaves, size, SIGNER));
        return file;
    }

    int run(String... args) {
        return new VerifyLog(new PrintStream(output, true, StandardCharsets.UTF_8),
                new PrintStream(output, true, StandardCharsets.UTF_8)).run(List.of(args));
    }

    String out() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void verifiesAnExportAgainstAKeptCheckpoint() throws Exception {
        List<byte[]> leaves = leaves(300);
        Path export = file("export.jsonl", export(leaves, 7, 256, 300));
        assertEquals(0, run("--note-key", KEY, "--checkpoints", kept(leaves, 256).toString(), export.toString()), out());
        assertTrue(out().contains("Verified: true\nTreeSize: 256\n"), out());
        assertTrue(out().contains("CheckedKeptCheckpoints: 1"), out());
    }

    @Test
    void saysWhenItsOnlyAnchorIsTheExportItself() throws Exception {
        List<byte[]> leaves = leaves(20);
        assertEquals(4, run("--note-key", KEY, file("export.jsonl", export(leaves, 10, 20)).toString()), out());
        assertTrue(out().contains("Anchor: the export's own checkpoints only"), out());
    }

    @Test
    void reportsAKeptCheckpointBeyondTheExportAsNotCovered() throws Exception {
        List<byte[]> leaves = leaves(40);
        Path truncated = file("export.jsonl", export(leaves.subList(0, 30), 10, 30));
        assertEquals(3, run("--note-key", KEY, "--checkpoints", kept(leaves, 10).toString(), "--checkpoints",
                kept(leaves, 40).toString(), "--tree-size", "30", truncated.toString()), out());
        assertTrue(out().contains("NotCovered: kept checkpoints of tree sizes [40]"), out());
    }

    @Test
    void takesTheTreeSizeFromTheCommandLineNotFromTheHeader() throws Exception {
        List<byte[]> leaves = leaves(40);
        List<String> lines = export(leaves.subList(0, 30), 30);
        lines.set(0, lines.get(0).replace("\"treeSize\":30", "\"treeSize\":12"));
        // the kept checkpoint of size 40 is not dropped because the header claims less
        assertEquals(3, run("--note-key", KEY, "--checkpoints", kept(leaves, 40).toString(),
                file("edited.jsonl", lines).toString()), out());
        assertEquals(1, run("--note-key", KEY, "--tree-size", "35", file("edited2.jsonl", lines).toString()), out());
        assertTrue(out().contains("Reason: ExportTooShort"), out());
    }

    @Test
    void namesEachMutationOfAValidExport() throws Exception {
        List<byte[]> leaves = leaves(50);
        Path kept = kept(leaves, 50);
        Map<String, UnaryOperator<List<String>>> mutations = Map.of(
                "CheckpointMismatch", lines -> replace(lines, 5, lines.get(5).replace("\"data\":\"ey", "\"data\":\"fy")),
                "KeptCheckpointMismatch", lines -> {
                    List<String> rewritten = export(leaves(49), 49);
                    rewritten.add(rewritten.size() - 1, "{\"type\":\"leaf\",\"index\":49,\"data\":\"AA==\"}");
                    return rewritten;
                },
                "LeafGap", lines -> remove(lines, 9),
                "BadCheckpointSignature", lines -> replace(lines, lines.size() - 2,
                        "{\"type\":\"checkpoint\",\"note\":" + json(note(leaves, 50, FORGER)) + "}"));
        for (Map.Entry<String, UnaryOperator<List<String>>> mutation : mutations.entrySet()) {
            output.reset();
            Path file = file(mutation.getKey() + ".jsonl", mutation.getValue().apply(export(leaves, 20, 50)));
            assertEquals(1, run("--note-key", KEY, "--checkpoints", kept.toString(), file.toString()),
                    mutation.getKey() + ": " + out());
            assertTrue(out().contains("Reason: " + mutation.getKey()), mutation.getKey() + ": " + out());
        }
    }

    @Test
    void namesTheFirstBreakOfAnExportOfManyBatches() throws Exception {
        // lines are parsed and hashed a thousand at a time on other threads: the breaks lie in different batches
        List<byte[]> leaves = leaves(4500);
        Path kept = kept(leaves, 4500);
        List<String> lines = export(leaves, 1000, 2500, 4500);
        assertEquals(0, run("--note-key", KEY, "--checkpoints", kept.toString(), file("whole.jsonl", lines)
                .toString()), out());
        assertTrue(out().contains("CheckedLeaves: 4500\nCheckedCheckpoints: 3\n"), out());
        List<String> gaps = remove(remove(lines, 3900), 1700); // leaves 1698 and 3897
        output.reset();
        assertEquals(1, run("--note-key", KEY, "--checkpoints", kept.toString(), file("gaps.jsonl", gaps)
                .toString()), out());
        assertTrue(out().contains("Reason: LeafGap\nReasonDetail: leaf 1698 is missing (line 1701 holds leaf 1699)"),
                out());
        List<String> notBase64 = replace(lines, 4200, "{\"type\":\"leaf\",\"index\":4197,\"data\":\"*\"}");
        output.reset();
        assertEquals(2, run("--note-key", KEY, "--checkpoints", kept.toString(), file("bad.jsonl", notBase64)
                .toString()), out());
        assertTrue(out().contains("line 4201: leaf data is not base64"), out());
    }

    @Test
    void cannotVerifyAnIncompleteOrMalformedExport() throws Exception {
        List<byte[]> leaves = leaves(5);
        List<String> lines = export(leaves, 5);
        assertEquals(2, run("--note-key", KEY, file("cut.jsonl", lines.subList(0, lines.size() - 1)).toString()));
        assertEquals(2, run("--note-key", KEY, file("garbage.jsonl", List.of("not json")).toString()));
        assertEquals(2, run(file("nokey.jsonl", lines).toString()));
    }

    @Test
    void verifiesOneEventWithItsInclusionProofAndAKeptCheckpointAlone() throws Exception {
        List<byte[]> leaves = leaves(13);
        int index = 6;
        List<byte[]> proof = MerkleTree.inclusionProof(index, 13, nodes -> nodes.stream().map(node -> mth(leaves, node))
                .toList());
        String answer = "{\"RequestId\":\"r\",\"LeafIndex\":" + index + ",\"TreeSize\":13,\"LeafData\":\""
                + Base64.getEncoder().encodeToString(leaves.get(index)) + "\",\"Hashes\":["
                + String.join(",", proof.stream().map(h -> "\"" + Base64.getEncoder().encodeToString(h) + "\"").toList())
                + "],\"Checkpoint\":" + json(note(leaves, 13, SIGNER)) + "}";
        Path file = file("proof.json", List.of(answer));
        assertEquals(0, run("--note-key", KEY, "--checkpoints", kept(leaves, 13).toString(), "--inclusion-proof",
                file.toString()), out());
        assertTrue(out().contains("Event: {\"eventId\":\"6\""), out());
        assertEquals(4, run("--note-key", KEY, "--inclusion-proof", file.toString()), out());
        Path other = file("other.json", List.of(answer.replace(Base64.getEncoder().encodeToString(leaves.get(index)),
                Base64.getEncoder().encodeToString(leaves.get(index + 1)))));
        assertEquals(1, run("--note-key", KEY, "--checkpoints", kept(leaves, 13).toString(), "--inclusion-proof",
                other.toString()), out());
    }

    private static byte[] mth(List<byte[]> leaves, NodeId node) {
        CompactRange range = new CompactRange();
        for (long i = node.firstLeaf(); i < node.endLeaf(); i++) {
            range.add(MerkleHash.leafHash(leaves.get((int) i)));
        }
        return range.rootHash();
    }

    private static List<String> replace(List<String> lines, int at, String line) {
        List<String> copy = new ArrayList<>(lines);
        copy.set(at, line);
        return copy;
    }

    private static List<String> remove(List<String> lines, int at) {
        List<String> copy = new ArrayList<>(lines);
        copy.remove(at);
        return copy;
    }
}
