package io.tdeguard.audit.tlog;

/**
 * A complete (perfect) subtree of the log: the {@code 2^level} leaves {@code [index·2^level, (index+1)·2^level)}.
 * Level 0 holds the leaf hashes themselves ({@code index} = leaf index); the node at {@code (level, index)} has the
 * children {@code (level−1, 2·index)} and {@code (level−1, 2·index+1)}. These are the hashes a log stores: once its
 * last leaf is in the tree a complete subtree never changes (RFC 9162 §2.1.1; the numbering of C2SP tlog-tiles).
 *
 * @param level 0 ≤ level ≤ 62
 * @param index 0 ≤ index, and the subtree's last leaf index fits in a {@code long}
 */
public record NodeId(int level, long index) {

    /** @throws IllegalArgumentException if the level or index is out of range */
    public NodeId {
        if (level < 0 || level > 62) {
            throw new IllegalArgumentException("level " + level + " is not within 0..62");
        }
        if (index < 0 || index > (Long.MAX_VALUE >> level) - 1) {
            throw new IllegalArgumentException("index " + index + " is out of range at level " + level);
        }
    }

    /** The first leaf index this subtree covers. */
    public long firstLeaf() {
        return index << level;
    }

    /** One past the last leaf index this subtree covers; the subtree is complete in every tree at least this big. */
    public long endLeaf() {
        return (index + 1) << level;
    }
}
