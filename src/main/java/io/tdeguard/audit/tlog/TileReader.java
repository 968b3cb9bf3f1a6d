package io.tdeguard.audit.tlog;

import java.util.List;

/**
 * Reads stored hash tiles, many in one call (the storage port for {@link TileHashReader}).
 *
 * <p>A store may keep only the newest version of each tile (overwriting a partial tile as it grows): it answers a
 * request for width w with any stored version of that tile of width ≥ w, since the narrower tile is a prefix of
 * it. Implementations throw an unchecked exception of their own when the storage fails.
 */
@FunctionalInterface
public interface TileReader {

    /**
     * The tiles with the given coordinates.
     *
     * @param ids distinct tiles, in any order
     * @return one tile per id, in the same order, with the id's level and index and a width ≥ the id's width
     */
    List<Tile> readTiles(List<TileId> ids);
}
