package io.tdeguard.audit.tlog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link HashReader} over hash tiles (C2SP tlog-tiles): the hash of node (level, index) is read from the tile of
 * tile level {@code level / 8} and recomputed from the {@code 2^(level % 8)} hashes it covers there. One
 * {@link #readHashes} call makes one {@link TileReader#readTiles} call for the distinct tiles its nodes fall in.
 */
public final class TileHashReader implements HashReader {

    private final long treeSize;
    private final TileReader tiles;

    /**
     * @param treeSize the size of the tree to read, ≥ 0: tiles are requested at the widths they have in that tree
     * @param tiles    the tile store
     */
    public TileHashReader(long treeSize, TileReader tiles) {
        if (treeSize < 0) {
            throw new IllegalArgumentException("tree size " + treeSize + " is negative");
        }
        this.treeSize = treeSize;
        this.tiles = Objects.requireNonNull(tiles, "tiles");
    }

    /**
     * @throws IllegalArgumentException if a node is not complete in the tree of the reader's size
     * @throws IllegalStateException    if the tile reader answers with other tiles than asked for
     */
    @Override
    public List<byte[]> readHashes(List<NodeId> nodes) {
        Map<TileId, Integer> slots = new LinkedHashMap<>();
        for (NodeId node : nodes) {
            if (node.endLeaf() > treeSize) {
                throw new IllegalArgumentException("node " + node + " is not complete in tree size " + treeSize);
            }
            slots.putIfAbsent(tileOf(node), slots.size());
        }
        List<TileId> ids = new ArrayList<>(slots.keySet());
        List<Tile> read = ids.isEmpty() ? List.of() : tiles.readTiles(ids);
        if (read.size() != ids.size()) {
            throw new IllegalStateException("tile reader returned " + read.size() + " tiles for " + ids.size());
        }
        for (int i = 0; i < ids.size(); i++) {
            TileId asked = ids.get(i);
            TileId got = read.get(i).id();
            if (got.level() != asked.level() || got.index() != asked.index() || got.width() < asked.width()) {
                throw new IllegalStateException("tile reader returned " + got + " for " + asked);
            }
        }
        List<byte[]> hashes = new ArrayList<>(nodes.size());
        for (NodeId node : nodes) {
            Tile tile = read.get(slots.get(tileOf(node)));
            hashes.add(hashInTile(tile, node));
        }
        return hashes;
    }

    /** The tile (at its width in this tree) that holds the hashes node {@code node} is computed from. */
    private TileId tileOf(NodeId node) {
        int tileLevel = node.level() / TileId.HEIGHT;
        long firstAtTileLevel = node.index() << (node.level() % TileId.HEIGHT);
        return TileId.inTree(tileLevel, firstAtTileLevel / TileId.FULL_WIDTH, treeSize);
    }

    /** The hash of {@code node} from the tile holding its 2^(level % 8) hashes of the tile level. */
    static byte[] hashInTile(Tile tile, NodeId node) {
        int height = node.level() % TileId.HEIGHT;
        int count = 1 << height;
        int first = (int) ((node.index() << height) % TileId.FULL_WIDTH);
        return perfectSubtreeHash(tile.hashes(), first, count);
    }

    /** The MTH of {@code count} (a power of two) consecutive hashes of {@code row} starting at hash {@code first}. */
    static byte[] perfectSubtreeHash(byte[] row, int first, int count) {
        if (count == 1) {
            byte[] hash = new byte[MerkleHash.SIZE];
            System.arraycopy(row, first * MerkleHash.SIZE, hash, 0, MerkleHash.SIZE);
            return hash;
        }
        byte[] work = new byte[count / 2 * MerkleHash.SIZE];
        MerkleHash.hashPairs(row, first * MerkleHash.SIZE, count, work, 0);
        for (int n = count / 2; n > 1; n /= 2) {
            MerkleHash.hashPairs(work, 0, n, work, 0);
        }
        return work.length == MerkleHash.SIZE ? work : Arrays.copyOf(work, MerkleHash.SIZE);
    }
}
