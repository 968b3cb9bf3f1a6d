package io.tdeguard.audit.tlog;

import java.util.ArrayList;
import java.util.List;

/**
 * The root hash of a growing log, recomputed leaf by leaf from the leaves alone: the hashes of the complete subtrees
 * of the leaves so far (one per set bit of the size, largest first), as a verifier walking a log from its first leaf
 * keeps them. O(log n) memory, about one node hash per leaf; {@link #rootHash()} is RFC 6962's MTH of the leaves
 * added, whatever their number (RFC 6962 splits at the largest power of two, so the root folds these subtrees from
 * the right).
 */
public final class CompactRange {

    private final List<byte[]> subtrees = new ArrayList<>();
    private long size;

    /** Adds the next leaf, by its {@link MerkleHash#leafHash}. */
    public void add(byte[] leafHash) {
        MerkleHash.requireHash(leafHash, "leaf hash");
        byte[] hash = leafHash;
        // merge while the new subtree and the last one are of equal size: one merge per trailing 1 bit of size
        for (long bits = size; (bits & 1) == 1; bits >>= 1) {
            hash = MerkleHash.nodeHash(subtrees.remove(subtrees.size() - 1), 0, hash, 0);
        }
        subtrees.add(hash);
        size++;
    }

    /** How many leaves were added. */
    public long size() {
        return size;
    }

    /** MTH of the leaves added; the empty tree's hash when none was. */
    public byte[] rootHash() {
        if (subtrees.isEmpty()) {
            return MerkleHash.emptyRoot();
        }
        byte[] hash = subtrees.get(subtrees.size() - 1);
        for (int i = subtrees.size() - 2; i >= 0; i--) {
            hash = MerkleHash.nodeHash(subtrees.get(i), 0, hash, 0);
        }
        return hash.clone();
    }
}
