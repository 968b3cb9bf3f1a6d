package io.tdeguard.audit.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Negative vectors: mutations of valid proofs (a flipped bit in each hash, a wrong index or size, a removed, added,
 * inserted or swapped hash, wrong or swapped roots), each of which must fail. Each test collects every mutation that
 * wrongly verifies and reports them all at once.
 */
class ProofVerifierTest {

    private static final byte[] SOME_HASH = MerkleHash.leafHash(new byte[] {42});

    private final List<byte[]> leaves = ReferenceCrossCheckTest.leaves(600, 7);
    private final InMemoryTiles tiles = new InMemoryTiles();
    private final List<byte[]> roots = new ArrayList<>();

    ProofVerifierTest() {
        roots.add(MerkleHash.emptyRoot());
        for (byte[] hash : ReferenceCrossCheckTest.leafHashes(leaves)) {
            roots.add(tiles.append(List.of(hash)).rootHash());
        }
    }

    private record Probe(String description, long index, long size, byte[] leafHash, List<byte[]> proof,
                         byte[] root) {
    }

    private record ConsistencyProbe(String description, long first, long second, List<byte[]> proof, byte[] firstRoot,
                                    byte[] secondRoot) {
    }

    @Test
    void everyMutationOfAnInclusionProofFails() {
        List<String> wronglyVerified = new ArrayList<>();
        int[][] cases = {{0, 1}, {0, 2}, {1, 2}, {2, 3}, {0, 8}, {5, 8}, {6, 7}, {1, 5}, {255, 256}, {256, 257},
                {100, 600}, {599, 600}, {300, 513}};
        Random random = new Random(8);
        List<int[]> all = new ArrayList<>(List.of(cases));
        for (int i = 0; i < 40; i++) {
            int size = 1 + random.nextInt(600);
            all.add(new int[] {random.nextInt(size), size});
        }
        for (int[] c : all) {
            for (Probe probe : inclusionMutations(c[0], c[1])) {
                try {
                    ProofVerifier.verifyInclusion(probe.index, probe.size, probe.leafHash, probe.proof, probe.root);
                    wronglyVerified.add(c[0] + "/" + c[1] + ": " + probe.description);
                } catch (ProofException expected) {
                    // the mutation is detected
                }
            }
        }
        assertEquals(List.of(), wronglyVerified);
    }

    private List<Probe> inclusionMutations(int index, int size) {
        byte[] leaf = MerkleHash.leafHash(leaves.get(index));
        byte[] root = roots.get(size);
        List<byte[]> proof = MerkleTree.inclusionProof(index, size, tiles.hashes(size));
        List<Probe> probes = new ArrayList<>();
        probes.add(new Probe("index - 1", index - 1, size, leaf, proof, root));
        probes.add(new Probe("index + 1", index + 1, size, leaf, proof, root));
        probes.add(new Probe("index ^ 2", index ^ 2, size, leaf, proof, root));
        probes.add(new Probe("size * 2", index, size * 2L, leaf, proof, root));
        probes.add(new Probe("size / 2", index, size / 2, leaf, proof, root));
        probes.add(new Probe("wrong leaf", index, size, SOME_HASH, proof, root));
        probes.add(new Probe("flipped leaf bit", index, size, flip(leaf, 255), proof, root));
        probes.add(new Probe("empty-tree root", index, size, leaf, proof, MerkleHash.emptyRoot()));
        probes.add(new Probe("flipped root bit", index, size, leaf, proof, flip(root, 0)));
        probes.add(new Probe("trailing root", index, size, leaf, with(proof, proof.size(), root), root));
        probes.add(new Probe("preceding root", index, size, leaf, with(proof, 0, root), root));
        probes.add(new Probe("leaf hash prepended", index, size, leaf, with(proof, 0, leaf), root));
        for (int i = 0; i < proof.size(); i++) {
            for (int bit : new int[] {0, 3, 130, 255}) {
                List<byte[]> flipped = new ArrayList<>(proof);
                flipped.set(i, flip(proof.get(i), bit));
                probes.add(new Probe("proof[" + i + "] bit " + bit, index, size, leaf, flipped, root));
            }
        }
        if (!proof.isEmpty()) {
            probes.add(new Probe("truncated", index, size, leaf, proof.subList(0, proof.size() - 1), root));
            probes.add(new Probe("first removed", index, size, leaf, proof.subList(1, proof.size()), root));
        }
        if (proof.size() > 1) {
            List<byte[]> swapped = new ArrayList<>(proof);
            swapped.set(0, proof.get(1));
            swapped.set(1, proof.get(0));
            probes.add(new Probe("swapped 0 and 1", index, size, leaf, swapped, root));
            probes.add(new Probe("inserted", index, size, leaf, with(proof, 1, SOME_HASH), root));
        }
        return probes;
    }

    @Test
    void everyMutationOfAConsistencyProofFails() {
        List<String> wronglyVerified = new ArrayList<>();
        int[][] cases = {{1, 2}, {1, 8}, {6, 8}, {2, 5}, {6, 7}, {3, 4}, {255, 256}, {256, 257}, {100, 600},
                {513, 600}, {7, 599}};
        Random random = new Random(9);
        List<int[]> all = new ArrayList<>(List.of(cases));
        for (int i = 0; i < 40; i++) {
            int second = 2 + random.nextInt(599);
            all.add(new int[] {1 + random.nextInt(second - 1), second});
        }
        for (int[] c : all) {
            for (ConsistencyProbe probe : consistencyMutations(c[0], c[1])) {
                try {
                    ProofVerifier.verifyConsistency(probe.first, probe.second, probe.proof, probe.firstRoot,
                            probe.secondRoot);
                    wronglyVerified.add(c[0] + "/" + c[1] + ": " + probe.description);
                } catch (ProofException expected) {
                    // the mutation is detected
                }
            }
        }
        assertEquals(List.of(), wronglyVerified);
    }

    private List<ConsistencyProbe> consistencyMutations(int first, int second) {
        byte[] root1 = roots.get(first);
        byte[] root2 = roots.get(second);
        List<byte[]> proof = MerkleTree.consistencyProof(first, second, tiles.hashes(second));
        List<ConsistencyProbe> probes = new ArrayList<>();
        probes.add(new ConsistencyProbe("first - 1", first - 1, second, proof, root1, root2));
        probes.add(new ConsistencyProbe("first + 1", first + 1, second, proof, root1, root2));
        probes.add(new ConsistencyProbe("first ^ 2", first ^ 2, second, proof, root1, root2));
        probes.add(new ConsistencyProbe("second * 2", first, second * 2L, proof, root1, root2));
        probes.add(new ConsistencyProbe("second / 2", first, second / 2, proof, root1, root2));
        probes.add(new ConsistencyProbe("wrong first root", first, second, proof, SOME_HASH, root2));
        probes.add(new ConsistencyProbe("wrong second root", first, second, proof, root1, SOME_HASH));
        probes.add(new ConsistencyProbe("swapped roots", first, second, proof, root2, root1));
        probes.add(new ConsistencyProbe("empty proof", first, second, List.of(), root1, root2));
        probes.add(new ConsistencyProbe("trailing root1", first, second, with(proof, proof.size(), root1), root1,
                root2));
        probes.add(new ConsistencyProbe("trailing root2", first, second, with(proof, proof.size(), root2), root1,
                root2));
        probes.add(new ConsistencyProbe("preceding root1", first, second, with(proof, 0, root1), root1, root2));
        probes.add(new ConsistencyProbe("preceding proof[0]", first, second, with(proof, 0, proof.get(0)), root1,
                root2));
        probes.add(new ConsistencyProbe("truncated", first, second, proof.subList(0, proof.size() - 1), root1,
                root2));
        for (int i = 0; i < proof.size(); i++) {
            for (int bit : new int[] {4, 200}) {
                List<byte[]> flipped = new ArrayList<>(proof);
                flipped.set(i, flip(proof.get(i), bit));
                probes.add(new ConsistencyProbe("proof[" + i + "] bit " + bit, first, second, flipped, root1, root2));
            }
        }
        return probes;
    }

    @Test
    void aFlippedBitIsARootMismatchWithBothHashes() throws ProofException {
        byte[] leaf = MerkleHash.leafHash(leaves.get(5));
        List<byte[]> proof = new ArrayList<>(MerkleTree.inclusionProof(5, 8, tiles.hashes(8)));
        byte[] good = ProofVerifier.rootFromInclusionProof(5, 8, leaf, proof);
        proof.set(1, flip(proof.get(1), 7));
        ProofException e = assertThrows(ProofException.class,
                () -> ProofVerifier.verifyInclusion(5, 8, leaf, proof, roots.get(8)));
        assertEquals(ProofException.Kind.ROOT_MISMATCH, e.kind());
        assertArrayEquals(roots.get(8), e.expected());
        assertArrayEquals(good, roots.get(8));
        assertTrue(e.getMessage().startsWith("root mismatch: expected "), e.getMessage());
        assertArrayEquals(ProofVerifier.rootFromInclusionProof(5, 8, leaf, proof), e.computed());
    }

    @Test
    void wrongLengthsAndBadInputsAreTyped() {
        byte[] leaf = MerkleHash.leafHash(leaves.get(0));
        List<byte[]> proof = MerkleTree.inclusionProof(0, 8, tiles.hashes(8));
        ProofException tooShort = assertThrows(ProofException.class,
                () -> ProofVerifier.verifyInclusion(0, 8, leaf, proof.subList(0, 2), roots.get(8)));
        assertEquals(ProofException.Kind.WRONG_PROOF_LENGTH, tooShort.kind());
        assertEquals(3, tooShort.expectedCount());
        assertEquals(2, tooShort.actualCount());
        assertEquals(ProofException.Kind.BAD_INPUT, assertThrows(ProofException.class,
                () -> ProofVerifier.verifyInclusion(8, 8, leaf, proof, roots.get(8))).kind());
        assertEquals(ProofException.Kind.BAD_INPUT, assertThrows(ProofException.class,
                () -> ProofVerifier.verifyInclusion(0, 0, leaf, List.of(), roots.get(0))).kind());
        assertEquals(ProofException.Kind.BAD_INPUT, assertThrows(ProofException.class,
                () -> ProofVerifier.verifyInclusion(0, 8, new byte[31], proof, roots.get(8))).kind());
        assertEquals(ProofException.Kind.BAD_INPUT, assertThrows(ProofException.class,
                () -> ProofVerifier.verifyConsistency(5, 4, List.of(), roots.get(5), roots.get(4))).kind());
        assertEquals(ProofException.Kind.BAD_INPUT, assertThrows(ProofException.class,
                () -> ProofVerifier.verifyConsistency(-1, 4, List.of(), roots.get(0), roots.get(4))).kind());
        List<byte[]> withShortHash = new ArrayList<>(proof);
        withShortHash.set(1, new byte[33]);
        assertEquals(ProofException.Kind.BAD_INPUT, assertThrows(ProofException.class,
                () -> ProofVerifier.verifyInclusion(0, 8, leaf, withShortHash, roots.get(8))).kind());
    }

    @Test
    void edgeCasesOfConsistency() throws ProofException {
        ProofVerifier.verifyConsistency(0, 0, List.of(), MerkleHash.emptyRoot(), MerkleHash.emptyRoot());
        ProofVerifier.verifyConsistency(0, 5, List.of(), MerkleHash.emptyRoot(), roots.get(5));
        ProofVerifier.verifyConsistency(5, 5, List.of(), roots.get(5), roots.get(5));
        assertEquals(ProofException.Kind.FIRST_ROOT_MISMATCH, assertThrows(ProofException.class,
                () -> ProofVerifier.verifyConsistency(0, 5, List.of(), roots.get(1), roots.get(5))).kind());
        assertEquals(ProofException.Kind.ROOT_MISMATCH, assertThrows(ProofException.class,
                () -> ProofVerifier.verifyConsistency(5, 5, List.of(), roots.get(5), roots.get(6))).kind());
        assertEquals(ProofException.Kind.WRONG_PROOF_LENGTH, assertThrows(ProofException.class,
                () -> ProofVerifier.verifyConsistency(5, 5, List.of(SOME_HASH), roots.get(5), roots.get(5))).kind());
        List<byte[]> proof = MerkleTree.consistencyProof(3, 7, tiles.hashes(7));
        ProofException e = assertThrows(ProofException.class,
                () -> ProofVerifier.verifyConsistency(3, 7, proof, roots.get(3), roots.get(6)));
        assertEquals(ProofException.Kind.ROOT_MISMATCH, e.kind());
        assertArrayEquals(roots.get(7), e.computed());
    }

    @Test
    void generatorsRefuseImpossibleArguments() {
        HashReader reader = tiles.hashes(8);
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.inclusionProof(8, 8, reader));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.inclusionProof(-1, 8, reader));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.consistencyProof(9, 8, reader));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.rootHash(-1, reader));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.rootHash(9, reader)); // beyond the reader's tree
    }

    private static byte[] flip(byte[] hash, int bit) {
        byte[] out = hash.clone();
        out[bit / 8] ^= (byte) (1 << (bit % 8));
        return out;
    }

    private static List<byte[]> with(List<byte[]> proof, int at, byte[] hash) {
        List<byte[]> out = new ArrayList<>(proof);
        out.add(at, hash);
        return out;
    }
}
