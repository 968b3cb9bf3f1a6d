package io.tdeguard.audit.tlog;

import java.util.Arrays;
import java.util.Objects;

/**
 * A hash tile and its content: {@code id.width()} hashes of 32 bytes, concatenated in index order — exactly the
 * bytes tlog-tiles serves at {@link TileId#path()}, and what a store keeps for the tile.
 *
 * @param id     the tile's coordinates
 * @param hashes {@code 32 · id.width()} bytes; not copied, so neither side may modify it afterwards
 */
public record Tile(TileId id, byte[] hashes) {

    /** @throws IllegalArgumentException if the content's length does not match the width */
    public Tile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hashes, "hashes");
        if (hashes.length != id.width() * MerkleHash.SIZE) {
            throw new IllegalArgumentException("tile " + id.path() + " needs " + id.width() * MerkleHash.SIZE
                    + " bytes, got " + hashes.length);
        }
    }

    /** Hash {@code i} of the tile (0 ≤ i &lt; width), a copy. */
    public byte[] hash(int i) {
        Objects.checkIndex(i, id.width());
        return Arrays.copyOfRange(hashes, i * MerkleHash.SIZE, (i + 1) * MerkleHash.SIZE);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Tile tile && id.equals(tile.id) && Arrays.equals(hashes, tile.hashes);
    }

    @Override
    public int hashCode() {
        return 31 * id.hashCode() + Arrays.hashCode(hashes);
    }

    @Override
    public String toString() {
        return "Tile[" + id.path() + "]";
    }
}
