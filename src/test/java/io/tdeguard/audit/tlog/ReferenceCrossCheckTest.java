package io.tdeguard.audit.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The tiled tree against {@link ReferenceMerkle} (RFC 6962's recursive definitions): roots, every inclusion proof
 * and every consistency proof of every tree up to 70 leaves, then random sizes, indexes and batches of a tree big
 * enough to fill tiles on three tile levels. Every generated proof must also verify.
 */
class ReferenceCrossCheckTest {

    private static final int SMALL = 70;

    static List<byte[]> leaves(int count, long seed) {
        Random random = new Random(seed);
        List<byte[]> leaves = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] leaf = new byte[random.nextInt(40)];
            random.nextBytes(leaf);
            leaves.add(leaf);
        }
        return leaves;
    }

    static List<byte[]> leafHashes(List<byte[]> leaves) {
        List<byte[]> hashes = new ArrayList<>(leaves.size());
        for (byte[] leaf : leaves) {
            hashes.add(MerkleHash.leafHash(leaf));
        }
        return hashes;
    }

    @Test
    void everyRootAndProofOfEveryTreeUpTo70Leaves() throws ProofException {
        List<byte[]> leaves = leaves(SMALL, 1);
        InMemoryTiles tiles = new InMemoryTiles();
        List<byte[]> roots = new ArrayList<>();
        roots.add(MerkleHash.emptyRoot());
        for (byte[] leaf : leaves) {
            roots.add(tiles.append(List.of(MerkleHash.leafHash(leaf))).rootHash());
        }
        for (int size = 0; size <= SMALL; size++) {
            List<byte[]> prefix = leaves.subList(0, size);
            byte[] root = ReferenceMerkle.mth(prefix);
            assertArrayEquals(root, roots.get(size), "appended root of size " + size);
            assertArrayEquals(root, MerkleTree.rootHash(size, tiles.hashes(size)), "root of size " + size);
            for (int index = 0; index < size; index++) {
                List<byte[]> proof = MerkleTree.inclusionProof(index, size, tiles.hashes(size));
                assertEquals(Rfc6962VectorsTest.hex(ReferenceMerkle.path(index, prefix)),
                        Rfc6962VectorsTest.hex(proof), "inclusion of " + index + " in " + size);
                ProofVerifier.verifyInclusion(index, size, MerkleHash.leafHash(leaves.get(index)), proof, root);
            }
            for (int first = 0; first <= size; first++) {
                List<byte[]> proof = MerkleTree.consistencyProof(first, size, tiles.hashes(size));
                assertEquals(Rfc6962VectorsTest.hex(ReferenceMerkle.proof(first, prefix)),
                        Rfc6962VectorsTest.hex(proof), "consistency of " + first + " and " + size);
                ProofVerifier.verifyConsistency(first, size, proof, roots.get(first), root);
            }
        }
    }

    @Test
    void randomBatchesSizesAndProofsOfALargerTree() throws ProofException {
        int total = 70_000; // 273 full tiles at level 0, a partial one at level 1 and one hash at level 2
        List<byte[]> leaves = leaves(total, 2);
        List<byte[]> hashes = leafHashes(leaves);
        Random random = new Random(3);
        InMemoryTiles tiles = new InMemoryTiles();
        List<Long> batchEnds = new ArrayList<>();
        List<byte[]> batchRoots = new ArrayList<>();
        while (tiles.treeSize() < total) {
            int batch = (int) Math.min(total - tiles.treeSize(), 1 + random.nextInt(random.nextBoolean() ? 20 : 3000));
            int from = (int) tiles.treeSize();
            TileAppender.Appended appended = tiles.append(hashes.subList(from, from + batch));
            assertTrue(tiles.tileCount() <= appended.treeSize() / 255 + 3, "tiles stored: " + tiles.tileCount());
            batchEnds.add(appended.treeSize());
            batchRoots.add(appended.rootHash());
        }
        for (int i = 0; i < batchEnds.size(); i++) {
            long size = batchEnds.get(i);
            assertArrayEquals(batchRoots.get(i), MerkleTree.rootHash(size, tiles.hashes(size)), "size " + size);
        }
        for (int i = 0; i < batchEnds.size(); i += Math.max(1, batchEnds.size() / 8)) {
            long size = batchEnds.get(i);
            assertArrayEquals(ReferenceMerkle.mth(leaves.subList(0, (int) size)), batchRoots.get(i), "size " + size);
        }
        assertArrayEquals(ReferenceMerkle.mth(leaves), tiles.rootHash());

        for (int probe = 0; probe < 25; probe++) {
            int size = 1 + random.nextInt(total);
            int index = random.nextInt(size);
            int first = random.nextInt(size + 1);
            List<byte[]> prefix = leaves.subList(0, size);
            byte[] root = MerkleTree.rootHash(size, tiles.hashes(size));
            assertArrayEquals(ReferenceMerkle.mth(prefix), root, "root of " + size);

            int readsBefore = tiles.readCalls;
            List<byte[]> inclusion = MerkleTree.inclusionProof(index, size, tiles.hashes(size));
            assertEquals(1, tiles.readCalls - readsBefore, "one read per proof");
            assertEquals(Rfc6962VectorsTest.hex(ReferenceMerkle.path(index, prefix)), Rfc6962VectorsTest.hex(inclusion),
                    "inclusion of " + index + " in " + size);
            ProofVerifier.verifyInclusion(index, size, hashes.get(index), inclusion, root);

            List<byte[]> consistency = MerkleTree.consistencyProof(first, size, tiles.hashes(size));
            assertEquals(Rfc6962VectorsTest.hex(ReferenceMerkle.proof(first, prefix)),
                    Rfc6962VectorsTest.hex(consistency), "consistency of " + first + " and " + size);
            ProofVerifier.verifyConsistency(first, size, consistency,
                    MerkleTree.rootHash(first, tiles.hashes(first)), root);
        }
    }

    @Test
    void proofsReadFewTilesWhateverTheTreeSize() {
        InMemoryTiles tiles = new InMemoryTiles();
        tiles.append(leafHashes(leaves(300_000, 4)));
        Random random = new Random(5);
        for (int probe = 0; probe < 200; probe++) {
            long size = 1 + random.nextInt(300_000);
            int before = tiles.tilesRead;
            MerkleTree.inclusionProof(random.nextLong(size), size, tiles.hashes(size));
            MerkleTree.consistencyProof(random.nextLong(size + 1), size, tiles.hashes(size));
            // a proof needs at most a few hashes per tile level, each from one tile: 3 levels here
            assertTrue(tiles.tilesRead - before <= 2 * 12, "tiles read: " + (tiles.tilesRead - before));
        }
    }
}
