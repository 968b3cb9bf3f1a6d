package io.tdeguard.audit.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Tile coordinates and paths (C2SP tlog-tiles), and what the appender writes. */
class TileTest {

    @Test
    void pathsAsTlogTilesSpellsThem() {
        assertEquals("tile/0/000", new TileId(0, 0, 256).path());
        assertEquals("tile/0/x001/234.p/5", new TileId(0, 1234, 5).path());
        assertEquals("tile/2/x001/x234/067", new TileId(2, 1_234_067, 256).path());
        assertEquals("tile/1/999.p/255", new TileId(1, 999, 255).path());
        assertEquals("tile/0/x001/000", new TileId(0, 1000, 256).path());
    }

    @Test
    void parsePathRoundTripsAndRefusesOtherSpellings() {
        for (TileId id : List.of(new TileId(0, 0, 1), new TileId(0, 1234, 5), new TileId(3, 1_234_067, 256),
                new TileId(1, 999_999_999L, 17), new TileId(0, 1000, 256))) {
            assertEquals(id, TileId.parsePath(id.path()));
        }
        for (String bad : List.of("tile/0/1234", "tile/0/x1/234", "tile/0/x000/001", "tile/0/001.p/256",
                "tile/0/001.p/0", "tile/0/001.p/05", "tile/8/000", "tile/0/001.p", "tiles/0/000", "tile/0/x001",
                "tile/00/000", "tile/0/000/", "tile/0/0a0", "tile/entries/000", "tile/0/001.p/5/6")) {
            assertThrows(IllegalArgumentException.class, () -> TileId.parsePath(bad), bad);
        }
    }

    @Test
    void tileWidthsInATree() {
        assertEquals(new TileId(0, 3, 232), TileId.inTree(0, 3, 1000));
        assertEquals(new TileId(0, 2, 256), TileId.inTree(0, 2, 1000));
        assertEquals(new TileId(1, 0, 3), TileId.inTree(1, 0, 1000));
        assertThrows(IllegalArgumentException.class, () -> TileId.inTree(0, 4, 1000));
        assertThrows(IllegalArgumentException.class, () -> TileId.inTree(2, 0, 65_535));
        assertEquals(List.of(new TileId(0, 3, 232), new TileId(1, 0, 3)), TileAppender.tilesToRead(1000));
        assertEquals(List.of(new TileId(2, 0, 1)), TileAppender.tilesToRead(65_536));
        assertEquals(List.of(), TileAppender.tilesToRead(0));
    }

    @Test
    void appendWritesTheChangedTilesAtTheirNewWidths() {
        InMemoryTiles tiles = new InMemoryTiles();
        tiles.append(ReferenceCrossCheckTest.leafHashes(ReferenceCrossCheckTest.leaves(1000, 11)));
        TileAppender.Appended appended = tiles.append(ReferenceCrossCheckTest.leafHashes(
                ReferenceCrossCheckTest.leaves(300, 12)));
        List<String> paths = new ArrayList<>();
        for (Tile tile : appended.tiles()) {
            paths.add(tile.id().path());
        }
        // 1000 → 1300 leaves: level-0 tile 3 fills (232 → 256), tiles 4 and 5 are new; level 1 goes 3 → 5 hashes
        assertEquals(List.of("tile/0/003", "tile/0/004", "tile/0/005.p/20", "tile/1/000.p/5"), paths);
        assertEquals(1300, appended.treeSize());
        // the level-1 tile holds the roots of the level-0 tiles
        Tile level1 = appended.tiles().get(3);
        Tile level0 = appended.tiles().get(1);
        assertArrayEquals(TileHashReader.perfectSubtreeHash(level0.hashes(), 0, 256), level1.hash(4));
    }

    @Test
    void appendRefusesWrongEdgeTiles() {
        InMemoryTiles tiles = new InMemoryTiles();
        tiles.append(ReferenceCrossCheckTest.leafHashes(ReferenceCrossCheckTest.leaves(300, 13)));
        List<byte[]> more = List.of(MerkleHash.leafHash(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> TileAppender.append(300, List.of(), more));
        List<Tile> edge = tiles.readTiles(TileAppender.tilesToRead(300));
        assertThrows(IllegalArgumentException.class, () -> TileAppender.append(301, edge, more));
        assertThrows(IllegalArgumentException.class, () -> TileAppender.append(300, List.of(edge.get(0),
                edge.get(0)), more));
        assertThrows(IllegalArgumentException.class, () -> TileAppender.append(300, edge, List.of(new byte[31])));
        assertEquals(301, TileAppender.append(300, edge, more).treeSize());
    }

    @Test
    void anEmptyBatchChangesNothing() {
        InMemoryTiles tiles = new InMemoryTiles();
        tiles.append(ReferenceCrossCheckTest.leafHashes(ReferenceCrossCheckTest.leaves(777, 14)));
        byte[] root = tiles.rootHash();
        TileAppender.Appended appended = tiles.append(List.of());
        assertEquals(List.of(), appended.tiles());
        assertArrayEquals(root, appended.rootHash());
        assertArrayEquals(MerkleHash.emptyRoot(), TileAppender.append(0, List.of(), List.of()).rootHash());
    }
}
