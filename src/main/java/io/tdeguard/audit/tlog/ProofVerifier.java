package io.tdeguard.audit.tlog;

import java.security.MessageDigest;
import java.util.List;

/**
 * Checks inclusion and consistency proofs against root hashes, by RFC 9162 §2.1.3.2 and §2.1.4.2 (the same proofs
 * as RFC 6962 §2.1.1–2.1.2). It needs no access to the log: an auditor runs it on what the log sent.
 *
 * <p>Each check first validates its inputs and the proof's length (which the sizes fix), then recomputes the
 * root(s) from the proof, then compares; a failure is a {@link ProofException} naming the check, and for a root
 * mismatch holding both the expected and the computed hash. Hashes are 32 bytes; lists are not modified.
 */
public final class ProofVerifier {

    private ProofVerifier() {
    }

    /**
     * Verifies that the leaf with hash {@code leafHash} is leaf {@code index} of the tree of {@code size} leaves
     * whose root hash is {@code rootHash}.
     *
     * @param index    0 ≤ index &lt; size
     * @param size     the tree size of {@code rootHash}
     * @param leafHash {@link MerkleHash#leafHash} of the entry, 32 bytes
     * @param proof    the inclusion proof, RFC 9162 order (leaf's sibling first)
     * @param rootHash the root hash of the tree of {@code size} leaves (from a verified checkpoint)
     * @throws ProofException {@code BAD_INPUT}, {@code WRONG_PROOF_LENGTH} or {@code ROOT_MISMATCH}
     */
    public static void verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] rootHash)
            throws ProofException {
        requireHash(rootHash, "root hash");
        byte[] computed = rootFromInclusionProof(index, size, leafHash, proof);
        if (!MessageDigest.isEqual(rootHash, computed)) {
            throw ProofException.mismatch(ProofException.Kind.ROOT_MISMATCH, rootHash, computed);
        }
    }

    /**
     * The root hash that an inclusion proof implies (RFC 9162 §2.1.3.2, steps 1–4), without comparing it.
     *
     * @return 32 bytes
     * @throws ProofException {@code BAD_INPUT} or {@code WRONG_PROOF_LENGTH}
     */
    public static byte[] rootFromInclusionProof(long index, long size, byte[] leafHash, List<byte[]> proof)
            throws ProofException {
        if (index < 0 || index >= size) {
            throw ProofException.badInput("leaf index " + index + " is not within tree size " + size);
        }
        requireHash(leafHash, "leaf hash");
        requireProof(proof, MerkleTree.inclusionSpans(index, size).size());
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleHash.nodeHash(p, 0, r, 0);
                if ((fn & 1) == 0) {
                    // fn is a left child at the right edge: skip the levels where it has no sibling
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = MerkleHash.nodeHash(r, 0, p, 0);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw new IllegalStateException("a proof of the implied length did not reach the root");
        }
        return r;
    }

    /**
     * Verifies that the tree of {@code first} leaves with root {@code firstRoot} is a prefix of the tree of
     * {@code second} leaves with root {@code secondRoot}.
     *
     * <p>Preconditions, from RFC 9162 §2.1.4.2: 0 ≤ first ≤ second. When first equals second the proof must be empty
     * and the roots equal; when first is 0 the proof must be empty and {@code firstRoot} the empty tree's hash
     * (every tree extends the empty one).
     *
     * @param proof the consistency proof, RFC 9162 order
     * @throws ProofException {@code BAD_INPUT}, {@code WRONG_PROOF_LENGTH}, {@code FIRST_ROOT_MISMATCH} or
     *                        {@code ROOT_MISMATCH}
     */
    public static void verifyConsistency(long first, long second, List<byte[]> proof, byte[] firstRoot,
                                         byte[] secondRoot) throws ProofException {
        if (first < 0 || first > second) {
            throw ProofException.badInput("tree sizes " + first + " and " + second + " are not 0 ≤ first ≤ second");
        }
        requireHash(firstRoot, "first root");
        requireHash(secondRoot, "second root");
        requireProof(proof, MerkleTree.consistencySpans(first, second).size());
        if (first == 0) {
            compare(ProofException.Kind.FIRST_ROOT_MISMATCH, firstRoot, MerkleHash.emptyRoot());
            return;
        }
        if (first == second) {
            compare(ProofException.Kind.ROOT_MISMATCH, secondRoot, firstRoot);
            return;
        }
        byte[][] roots = rootsFromConsistencyProof(first, second, firstRoot, proof);
        compare(ProofException.Kind.FIRST_ROOT_MISMATCH, firstRoot, roots[0]);
        compare(ProofException.Kind.ROOT_MISMATCH, secondRoot, roots[1]);
    }

    /** RFC 9162 §2.1.4.2 steps 2–6 for 0 &lt; first &lt; second and a proof of the implied length: {fr, sr}. */
    private static byte[][] rootsFromConsistencyProof(long first, long second, byte[] firstRoot, List<byte[]> proof) {
        int next = 0;
        byte[] start;
        if (Long.bitCount(first) == 1) {
            start = firstRoot; // step 2: the old tree is a complete subtree, its root is the proof's implicit head
        } else {
            start = proof.get(next++);
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = start;
        byte[] sr = start;
        for (; next < proof.size(); next++) {
            byte[] c = proof.get(next);
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleHash.nodeHash(c, 0, fr, 0);
                sr = MerkleHash.nodeHash(c, 0, sr, 0);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = MerkleHash.nodeHash(sr, 0, c, 0);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw new IllegalStateException("a proof of the implied length did not reach the root");
        }
        return new byte[][] {fr, sr};
    }

    private static void compare(ProofException.Kind kind, byte[] expected, byte[] computed) throws ProofException {
        if (!MessageDigest.isEqual(expected, computed)) {
            throw ProofException.mismatch(kind, expected, computed);
        }
    }

    private static void requireProof(List<byte[]> proof, int expectedLength) throws ProofException {
        if (proof == null) {
            throw ProofException.badInput("proof is null");
        }
        if (proof.size() != expectedLength) {
            throw ProofException.wrongLength(expectedLength, proof.size());
        }
        for (int i = 0; i < proof.size(); i++) {
            requireHash(proof.get(i), "proof hash " + i);
        }
    }

    private static void requireHash(byte[] hash, String name) throws ProofException {
        if (hash == null || hash.length != MerkleHash.SIZE) {
            throw ProofException.badInput(name + " is not a " + MerkleHash.SIZE + "-byte hash");
        }
    }
}
