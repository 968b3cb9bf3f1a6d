package io.tdeguard.audit.tlog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tile store in a map, as the database will keep them: one row per tile position, the newest width only (a
 * partial tile is overwritten as it grows). Counts the reads, so tests can check that a proof costs one read.
 */
final class InMemoryTiles implements TileReader {

    private final Map<Long, Tile> tiles = new HashMap<>();
    private long treeSize;
    private byte[] rootHash = MerkleHash.emptyRoot();
    int readCalls;
    int tilesRead;

    /** Appends a batch the way the sequencer will: read the edge tiles, append, write the returned tiles. */
    TileAppender.Appended append(List<byte[]> leafHashes) {
        TileAppender.Appended appended = TileAppender.append(treeSize, readTiles(TileAppender.tilesToRead(treeSize)),
                leafHashes);
        for (Tile tile : appended.tiles()) {
            tiles.put(key(tile.id()), tile);
        }
        treeSize = appended.treeSize();
        rootHash = appended.rootHash();
        return appended;
    }

    long treeSize() {
        return treeSize;
    }

    byte[] rootHash() {
        return rootHash.clone();
    }

    int tileCount() {
        return tiles.size();
    }

    /** A reader of the tree at {@code size} (≤ the current size). */
    HashReader hashes(long size) {
        return new TileHashReader(size, this);
    }

    @Override
    public List<Tile> readTiles(List<TileId> ids) {
        readCalls++;
        List<Tile> out = new ArrayList<>(ids.size());
        for (TileId id : ids) {
            Tile tile = tiles.get(key(id));
            if (tile == null || tile.id().width() < id.width()) {
                throw new IllegalStateException("no tile " + id.path());
            }
            tilesRead++;
            out.add(tile);
        }
        return out;
    }

    private static long key(TileId id) {
        return ((long) id.level() << 56) | id.index();
    }
}
