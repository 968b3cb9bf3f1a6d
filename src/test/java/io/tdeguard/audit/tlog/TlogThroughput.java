package io.tdeguard.audit.tlog;

import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Measures the pure transparency-log core; prints figures, asserts nothing, and is not part of the test suite. Run
 * after {@code ./mvnw -q test-compile}:
 * <pre>
 *   java -cp target/classes:target/test-classes io.tdeguard.audit.tlog.TlogThroughput [leaves] [batch]
 * </pre>
 * (default 1,000,000 leaves in batches of 1,000). Figures: leaves integrated per second into an in-memory tile store
 * (read edge tiles, {@link TileAppender#append}, store the returned tiles), with leaf hashes given and with hashing
 * 600-byte leaves included; inclusion proofs generated and verified per second; checkpoints signed and opened per
 * second. Three rounds each; the first includes JIT warm-up.
 */
public final class TlogThroughput {

    private TlogThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        byte[] leaf = new byte[600]; // about one canonical audit event
        new Random(1).nextBytes(leaf);
        List<byte[]> hashes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            hashes.add(MerkleHash.leafHash(number(leaf, i)));
        }
        System.out.printf("%,d leaves in batches of %,d, %d cores%n", count, batch,
                Runtime.getRuntime().availableProcessors());

        InMemoryTiles tiles = null;
        for (int round = 1; round <= 3; round++) {
            tiles = new InMemoryTiles();
            long start = System.nanoTime();
            for (int from = 0; from < count; from += batch) {
                tiles.append(hashes.subList(from, Math.min(count, from + batch)));
            }
            report("integrate (leaf hashes given)", round, count, System.nanoTime() - start);
        }
        for (int round = 1; round <= 3; round++) {
            InMemoryTiles fresh = new InMemoryTiles();
            long start = System.nanoTime();
            List<byte[]> pending = new ArrayList<>(batch);
            for (int i = 0; i < count; i++) {
                pending.add(MerkleHash.leafHash(number(leaf, i)));
                if (pending.size() == batch || i == count - 1) {
                    fresh.append(pending);
                    pending.clear();
                }
            }
            report("hash 600-byte leaves and integrate", round, count, System.nanoTime() - start);
            if (!Arrays.equals(fresh.rootHash(), tiles.rootHash())) {
                throw new IllegalStateException("the two runs disagree on the root");
            }
        }

        Random random = new Random(2);
        long size = tiles.treeSize();
        byte[] root = tiles.rootHash();
        int proofs = 100_000;
        for (int round = 1; round <= 3; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < proofs; i++) {
                long index = random.nextLong(size);
                List<byte[]> proof = MerkleTree.inclusionProof(index, size, tiles.hashes(size));
                ProofVerifier.verifyInclusion(index, size, hashes.get((int) index), proof, root);
            }
            report("inclusion proof from tiles + verify", round, proofs, System.nanoTime() - start);
        }

        NoteSigner signer = new NoteSigner("example.com/tdeguard/audit",
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        List<VerifierKey> trusted = List.of(signer.verifierKey());
        String text = new Checkpoint("example.com/tdeguard/audit", size, root).format();
        int notes = 5_000;
        for (int round = 1; round <= 3; round++) {
            long start = System.nanoTime();
            String note = null;
            for (int i = 0; i < notes; i++) {
                note = SignedNote.sign(text, List.of(signer));
            }
            report("checkpoint sign", round, notes, System.nanoTime() - start);
            start = System.nanoTime();
            for (int i = 0; i < notes; i++) {
                Checkpoint.parse(SignedNote.open(note, trusted).text());
            }
            report("checkpoint open (verify + parse)", round, notes, System.nanoTime() - start);
        }
        System.out.printf("tiles stored: %,d for %,d leaves%n", tiles.tileCount(), size);
    }

    /** Makes the synthetic leaf number {@code i} (distinct leaves, distinct hashes) and returns it. */
    private static byte[] number(byte[] leaf, int i) {
        leaf[0] = (byte) i;
        leaf[1] = (byte) (i >> 8);
        leaf[2] = (byte) (i >> 16);
        leaf[3] = (byte) (i >> 24);
        return leaf;
    }

    private static void report(String what, int round, long operations, long nanos) {
        System.out.printf("%-38s round %d: %,12.0f /s  (%,d in %,d ms)%n", what, round,
                operations * 1e9 / nanos, operations, nanos / 1_000_000);
    }
}
