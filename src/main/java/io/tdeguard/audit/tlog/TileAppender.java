package io.tdeguard.audit.tlog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Integrates a batch of leaf hashes into a tiled log: given the tree size, the partial tiles at its right edge and
 * the new leaf hashes, it returns the tiles to write and the new root hash. Pure: the caller reads
 * {@link #tilesToRead} (at most one partial tile per tile level, so ≤ 8 tiles, 4 for any real log), calls
 * {@link #append}, and writes the returned tiles in the same transaction as the new tree size.
 *
 * <p>Cost: one SHA-256 of 65 bytes per new node, about one per leaf, plus copying the edge tiles; a batch writes
 * ⌈batch/256⌉ + 1 tiles at level 0, and one or two per level above.
 */
public final class TileAppender {

    /** The most leaves one {@link #append} takes (its working row is one array of 32-byte hashes). */
    public static final int MAX_BATCH = 1 << 24;

    private TileAppender() {
    }

    /**
     * The result of an append.
     *
     * @param treeSize the new tree size
     * @param rootHash its root hash, 32 bytes (RFC 6962 MTH)
     * @param tiles    the tiles whose content changed, each at its width in the new tree: full tiles (final) and
     *                 at most one partial tile per level, which replaces any narrower version of the same tile;
     *                 ordered by level, then index
     */
    public record Appended(long treeSize, byte[] rootHash, List<Tile> tiles) {
    }

    /**
     * The tiles {@link #append} needs for a tree of {@code treeSize} leaves: the partial tile of each tile level
     * that has one (width = {@code (treeSize >> 8·level) % 256}).
     *
     * @param treeSize ≥ 0
     * @return ordered by level; empty only for the empty tree (the top level always has a partial tile)
     */
    public static List<TileId> tilesToRead(long treeSize) {
        if (treeSize < 0) {
            throw new IllegalArgumentException("tree size " + treeSize + " is negative");
        }
        List<TileId> ids = new ArrayList<>();
        for (int level = 0; level < 8 && (treeSize >> (TileId.HEIGHT * level)) > 0; level++) {
            long count = treeSize >> (TileId.HEIGHT * level);
            if (count % TileId.FULL_WIDTH != 0) {
                ids.add(new TileId(level, count / TileId.FULL_WIDTH, (int) (count % TileId.FULL_WIDTH)));
            }
        }
        return ids;
    }

    /**
     * Appends leaf hashes to the tree of {@code treeSize} leaves.
     *
     * @param treeSize   the current tree size, ≥ 0
     * @param edgeTiles  the tiles {@link #tilesToRead(long) tilesToRead(treeSize)} names, in any order; a wider
     *                   version of a tile is accepted (its prefix is used)
     * @param leafHashes the new leaves' {@link MerkleHash#leafHash} values, 32 bytes each, in leaf order (they get
     *                   the indexes treeSize, treeSize + 1, …); may be empty
     * @throws IllegalArgumentException if an edge tile is missing, unexpected or too narrow, a hash is not 32 bytes,
     *                                  the batch has more than {@link #MAX_BATCH} leaves, or the new size overflows
     */
    public static Appended append(long treeSize, List<Tile> edgeTiles, List<byte[]> leafHashes) {
        Map<Integer, Tile> edges = edgesByLevel(treeSize, edgeTiles);
        long newSize = Math.addExact(treeSize, leafHashes.size());
        if (leafHashes.size() > MAX_BATCH) {
            throw new IllegalArgumentException("batch of " + leafHashes.size() + " leaves exceeds " + MAX_BATCH);
        }
        List<Tile> written = new ArrayList<>();

        // row: the hashes of one tile level from the start of its last partial group to its new end
        byte[] row = new byte[(int) ((treeSize % TileId.FULL_WIDTH + leafHashes.size()) * MerkleHash.SIZE)];
        int at = copyEdge(edges.get(0), row);
        for (int i = 0; i < leafHashes.size(); i++) {
            byte[] leafHash = leafHashes.get(i);
            MerkleHash.requireHash(leafHash, "leaf hash " + i);
            System.arraycopy(leafHash, 0, row, at, MerkleHash.SIZE);
            at += MerkleHash.SIZE;
        }
        for (int level = 0; level < 8; level++) {
            long oldCount = treeSize >> (TileId.HEIGHT * level);
            long newCount = newSize >> (TileId.HEIGHT * level);
            if (newCount == oldCount) {
                break;
            }
            long firstTile = oldCount / TileId.FULL_WIDTH;
            long rowStart = firstTile * TileId.FULL_WIDTH;
            for (long index = firstTile; index * TileId.FULL_WIDTH < newCount; index++) {
                TileId id = TileId.inTree(level, index, newSize);
                int from = (int) (index * TileId.FULL_WIDTH - rowStart) * MerkleHash.SIZE;
                byte[] content = new byte[id.width() * MerkleHash.SIZE];
                System.arraycopy(row, from, content, 0, content.length);
                written.add(new Tile(id, content));
            }
            row = nextRow(row, oldCount, newCount, edges.get(level + 1));
        }
        return new Appended(newSize, rootHash(newSize, edges, written), List.copyOf(written));
    }

    /**
     * The row of the next tile level: its edge tile's hashes, then one hash per group of 256 that the new hashes of
     * this level completed.
     */
    private static byte[] nextRow(byte[] row, long oldCount, long newCount, Tile nextEdge) {
        long completedBefore = oldCount / TileId.FULL_WIDTH;
        long completedNow = newCount / TileId.FULL_WIDTH;
        int kept = (int) (completedBefore % TileId.FULL_WIDTH);
        byte[] next = new byte[(int) (kept + completedNow - completedBefore) * MerkleHash.SIZE];
        int at = copyEdge(nextEdge, next);
        for (long group = completedBefore; group < completedNow; group++) {
            int first = (int) (group - completedBefore) * TileId.FULL_WIDTH;
            byte[] hash = TileHashReader.perfectSubtreeHash(row, first, TileId.FULL_WIDTH);
            System.arraycopy(hash, 0, next, at, MerkleHash.SIZE);
            at += MerkleHash.SIZE;
        }
        return next;
    }

    /** Copies the edge tile's hashes (if any) to the start of {@code row}; returns the byte offset after them. */
    private static int copyEdge(Tile edge, byte[] row) {
        if (edge == null) {
            return 0;
        }
        int length = edge.id().width() * MerkleHash.SIZE; // edgesByLevel cut a wider tile to this width
        System.arraycopy(edge.hashes(), 0, row, 0, length);
        return length;
    }

    private static Map<Integer, Tile> edgesByLevel(long treeSize, List<Tile> edgeTiles) {
        Map<Integer, TileId> needed = new HashMap<>();
        for (TileId id : tilesToRead(treeSize)) {
            needed.put(id.level(), id);
        }
        Map<Integer, Tile> edges = new HashMap<>();
        for (Tile tile : edgeTiles) {
            TileId want = needed.get(tile.id().level());
            if (want == null || want.index() != tile.id().index() || tile.id().width() < want.width()) {
                throw new IllegalArgumentException("tile " + tile.id() + " is not an edge tile of tree size "
                        + treeSize);
            }
            if (edges.put(want.level(), new Tile(want, Arrays.copyOf(tile.hashes(),
                    want.width() * MerkleHash.SIZE))) != null) {
                throw new IllegalArgumentException("two edge tiles at level " + want.level());
            }
        }
        if (edges.size() != needed.size()) {
            throw new IllegalArgumentException("edge tiles of tree size " + treeSize + " missing: needed "
                    + tilesToRead(treeSize) + ", got " + edgeTiles.size());
        }
        return edges;
    }

    /** The new root from the tiles at hand: every node on the new right edge lies in an edge or written tile. */
    private static byte[] rootHash(long newSize, Map<Integer, Tile> edges, List<Tile> written) {
        Map<TileId, Tile> byPosition = new HashMap<>();
        for (Tile tile : edges.values()) {
            byPosition.put(position(tile.id()), tile);
        }
        for (Tile tile : written) {
            byPosition.put(position(tile.id()), tile);
        }
        TileReader atHand = ids -> {
            List<Tile> found = new ArrayList<>(ids.size());
            for (TileId id : ids) {
                Tile tile = byPosition.get(position(id));
                if (tile == null) {
                    throw new IllegalStateException("right edge of tree size " + newSize + " needs tile " + id.path());
                }
                found.add(tile);
            }
            return found;
        };
        return MerkleTree.rootHash(newSize, new TileHashReader(newSize, atHand));
    }

    /** A tile's position (level, index), as a key independent of its width. */
    private static TileId position(TileId id) {
        return new TileId(id.level(), id.index(), TileId.FULL_WIDTH);
    }
}
