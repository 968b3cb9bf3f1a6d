package io.tdeguard.audit.tlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An independent check: Go's golang.org/x/mod/sumdb/note and sumdb/tlog (Debian's golang-go and
 * golang-golang-x-mod-dev) verify our checkpoints, notes, proofs and tiles, through our small Go program
 * {@code src/test/go/tlogcheck}. Without Go the test is skipped, except on CI ({@code CI=true}), where it fails.
 */
class GoCrossCheckTest {

    private static final Base64.Encoder B64 = Base64.getEncoder();

    private static Log log;
    private static String goMissing;

    /** A log of 70,000 leaves appended in random batches, a signed checkpoint after each batch. */
    private record Log(List<byte[]> leaves, List<String> checkpoints, List<Long> sizes, List<String> tiles,
                       InMemoryTiles store, NoteSigner signer) {
    }

    @BeforeAll
    static void buildCheckerAndLog() {
        goMissing = GoTlogCheck.unavailable(); // each test reports itself skipped (an aborted @BeforeAll shows none)
        if (goMissing == null) {
            log = buildLog();
        }
    }

    private static Log buildLog() {
        Random random = new Random(31);
        List<byte[]> leaves = ReferenceCrossCheckTest.leaves(70_000, 30);
        List<byte[]> hashes = ReferenceCrossCheckTest.leafHashes(leaves);
        NoteSigner signer = SignedNoteTest.signer("example.com/tdeguard/audit");
        NoteSigner witness = SignedNoteTest.signer("witness.example/w");
        InMemoryTiles store = new InMemoryTiles();
        List<String> checkpoints = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        List<String> tiles = new ArrayList<>();
        while (store.treeSize() < leaves.size()) {
            int from = (int) store.treeSize();
            int batch = Math.min(leaves.size() - from, 1 + random.nextInt(random.nextBoolean() ? 300 : 6000));
            TileAppender.Appended appended = store.append(hashes.subList(from, from + batch));
            for (Tile tile : appended.tiles()) {
                tiles.add("{\"treeSize\":" + appended.treeSize() + ",\"path\":\"" + tile.id().path()
                        + "\",\"data\":\"" + B64.encodeToString(tile.hashes()) + "\"}");
            }
            Checkpoint checkpoint = new Checkpoint("example.com/tdeguard/audit", appended.treeSize(),
                    appended.rootHash());
            checkpoints.add(SignedNote.sign(checkpoint.format(), List.of(signer, witness)));
            sizes.add(appended.treeSize());
        }
        return new Log(leaves, checkpoints, sizes, tiles, store, signer);
    }

    @Test
    void goVerifiesOurCheckpointsProofsAndTiles() throws Exception {
        Assumptions.assumeTrue(goMissing == null, goMissing);
        GoTlogCheck.Result result = run(input(log, Tamper.NONE));
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().startsWith("verified " + log.checkpoints().size() + " checkpoints"), result.output());
    }

    @Test
    void goRejectsEachTamperedInput() throws Exception {
        Assumptions.assumeTrue(goMissing == null, goMissing);
        for (Tamper tamper : List.of(Tamper.INCLUSION_BIT, Tamper.CONSISTENCY_TRUNCATED, Tamper.CHECKPOINT_SIZE,
                Tamper.TILE_BIT)) {
            GoTlogCheck.Result result = run(input(log, tamper));
            assertEquals(1, result.exitCode(), tamper + ": " + result.output());
            assertTrue(result.output().startsWith(tamper.report), tamper + ": " + result.output());
        }
    }

    /** One change to a valid input, and how tlogcheck's report of it starts. */
    private enum Tamper {
        NONE(""),
        INCLUSION_BIT("inclusion of "),
        CONSISTENCY_TRUNCATED("consistency of trees "),
        CHECKPOINT_SIZE("checkpoint 3: note.Open: invalid signature"),
        TILE_BIT("tile tile/");

        final String report;

        Tamper(String report) {
            this.report = report;
        }
    }

    private static String input(Log log, Tamper tamper) {
        Random random = new Random(32);
        StringBuilder json = new StringBuilder("{\"verifierKey\":").append(quote(log.signer().verifierKey().format()));
        json.append(",\"leaves\":[");
        for (int i = 0; i < log.leaves().size(); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(B64.encodeToString(log.leaves().get(i))).append('"');
        }
        json.append("],\"checkpoints\":[");
        for (int i = 0; i < log.checkpoints().size(); i++) {
            String note = log.checkpoints().get(i);
            if (tamper == Tamper.CHECKPOINT_SIZE && i == 3) {
                note = note.replaceFirst("\n" + log.sizes().get(i) + "\n", "\n" + (log.sizes().get(i) - 1) + "\n");
            }
            json.append(i == 0 ? "" : ",").append(quote(note));
        }
        json.append("],\"inclusion\":[");
        for (int i = 0; i < 300; i++) {
            int checkpoint = random.nextInt(log.sizes().size());
            long size = log.sizes().get(checkpoint);
            long index = random.nextLong(size);
            List<byte[]> proof = new ArrayList<>(MerkleTree.inclusionProof(index, size, log.store().hashes(size)));
            if (tamper == Tamper.INCLUSION_BIT && i == 17 && !proof.isEmpty()) {
                byte[] flipped = proof.get(0).clone();
                flipped[31] ^= 1;
                proof.set(0, flipped);
            }
            json.append(i == 0 ? "" : ",").append("{\"checkpoint\":").append(checkpoint).append(",\"index\":")
                    .append(index).append(",\"proof\":").append(hashes(proof)).append('}');
        }
        json.append("],\"consistency\":[");
        int count = log.sizes().size();
        for (int i = 0; i < 2 * count; i++) {
            int first = i < count - 1 ? i : random.nextInt(count);
            int second = i < count - 1 ? i + 1 : first + random.nextInt(count - first);
            List<byte[]> proof = MerkleTree.consistencyProof(log.sizes().get(first), log.sizes().get(second),
                    log.store().hashes(log.sizes().get(second)));
            if (tamper == Tamper.CONSISTENCY_TRUNCATED && i == 5) {
                proof = proof.subList(0, proof.size() - 1);
            }
            json.append(i == 0 ? "" : ",").append("{\"old\":").append(first).append(",\"new\":").append(second)
                    .append(",\"proof\":").append(hashes(proof)).append('}');
        }
        json.append("],\"tiles\":[");
        for (int i = 0; i < log.tiles().size(); i++) {
            String tile = log.tiles().get(i);
            if (tamper == Tamper.TILE_BIT && i == log.tiles().size() / 2) {
                int at = tile.indexOf("\"data\":\"") + 8;
                tile = tile.substring(0, at) + (tile.charAt(at) == 'A' ? 'B' : 'A') + tile.substring(at + 1);
            }
            json.append(i == 0 ? "" : ",").append(tile);
        }
        return json.append("]}").toString();
    }

    private static String hashes(List<byte[]> proof) {
        return GoTlogCheck.base64Array(proof);
    }

    private static String quote(String text) {
        return GoTlogCheck.quote(text);
    }

    private static GoTlogCheck.Result run(String json) throws java.io.IOException, InterruptedException {
        return GoTlogCheck.run(json);
    }
}
