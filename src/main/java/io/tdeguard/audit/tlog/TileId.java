package io.tdeguard.audit.tlog;

/**
 * The coordinates of a hash tile, C2SP tlog-tiles: tiles of height 8 over the log's complete subtrees.
 *
 * <p>A tile at tile level {@code level} holds hashes of the tree level {@code 8·level}: tile {@code index} holds
 * those of the nodes {@code (8·level, 256·index + i)} for {@code 0 ≤ i < width} (leaf hashes at level 0). A full
 * tile has width 256 and never changes; the last tile of a level is partial (width 1..255) until it fills, and a
 * partial tile is a prefix of every wider version of it. The hashes of the 7 tree levels between two tile levels
 * are not stored: they are recomputed from the tile below ({@link TileHashReader}).
 *
 * <p>In a tree of size n, tile level L holds {@code n >> 8L} hashes; tile {@code index} there has width
 * {@code min(256, (n >> 8L) − 256·index)}.
 *
 * @param level 0 ≤ level ≤ 7 (tile level; 8 levels of height 8 cover every tree size a {@code long} counts)
 * @param index 0 ≤ index
 * @param width 1 ≤ width ≤ 256, the number of hashes
 */
public record TileId(int level, long index, int width) {

    /** Tree levels per tile level. */
    public static final int HEIGHT = 8;

    /** Hashes in a full tile: 2^{@link #HEIGHT}. */
    public static final int FULL_WIDTH = 1 << HEIGHT;

    /** @throws IllegalArgumentException if a coordinate is out of range */
    public TileId {
        if (level < 0 || level > 7) {
            throw new IllegalArgumentException("tile level " + level + " is not within 0..7");
        }
        int coveredBits = HEIGHT * level + HEIGHT; // log2 of the leaves one tile covers
        if (index < 0 || index > (coveredBits >= 63 ? 0 : Long.MAX_VALUE >> coveredBits)) {
            throw new IllegalArgumentException("tile index " + index + " is out of range at tile level " + level);
        }
        if (width < 1 || width > FULL_WIDTH) {
            throw new IllegalArgumentException("tile width " + width + " is not within 1..256");
        }
    }

    /**
     * The tile of tile level {@code level} and index {@code index} as it is in the tree of {@code treeSize} leaves.
     *
     * @throws IllegalArgumentException if that tree has no hash in that tile
     */
    public static TileId inTree(int level, long index, long treeSize) {
        long hashesAtLevel = treeSize >> (HEIGHT * level);
        long width = Math.min(FULL_WIDTH, hashesAtLevel - FULL_WIDTH * index);
        if (width < 1) {
            throw new IllegalArgumentException("tree size " + treeSize + " has no tile " + level + "/" + index);
        }
        return new TileId(level, index, (int) width);
    }

    /** Whether this tile is full (256 hashes) and so final. */
    public boolean isFull() {
        return width == FULL_WIDTH;
    }

    /**
     * The tile's path as tlog-tiles serves it: {@code tile/<level>/<index>} plus {@code .p/<width>} for a partial
     * tile, where the index is written in groups of three decimal digits, zero-padded, all groups but the last
     * prefixed with {@code x}. Examples: {@code tile/0/000}, {@code tile/0/x001/234.p/5} (level 0, index 1234,
     * width 5), {@code tile/2/x001/x234/067} (index 1234067, full).
     */
    public String path() {
        StringBuilder path = new StringBuilder("tile/").append(level).append('/');
        String digits = Long.toString(index);
        int groups = (digits.length() + 2) / 3;
        String padded = "0".repeat(groups * 3 - digits.length()) + digits;
        for (int g = 0; g < groups; g++) {
            if (g < groups - 1) {
                path.append('x');
            }
            path.append(padded, 3 * g, 3 * g + 3);
            if (g < groups - 1) {
                path.append('/');
            }
        }
        if (!isFull()) {
            path.append(".p/").append(width);
        }
        return path.toString();
    }

    /**
     * Parses a hash tile path written by {@link #path()}; exactly that spelling is accepted (so each tile has one
     * path): no missing padding, no leading {@code x000} group, no {@code .p/256}.
     *
     * @throws IllegalArgumentException if {@code path} is not such a path
     */
    public static TileId parsePath(String path) {
        String[] parts = path.split("/", -1);
        if (parts.length < 3 || !parts[0].equals("tile")) {
            throw badPath(path);
        }
        int width = FULL_WIDTH;
        int last = parts.length - 1;
        if (parts.length >= 4 && parts[last - 1].endsWith(".p")) {
            width = parseDecimal(parts[last], path, 3);
            parts[last - 1] = parts[last - 1].substring(0, parts[last - 1].length() - 2);
            last--;
            if (width >= FULL_WIDTH) {
                throw badPath(path);
            }
        }
        int level = parseDecimal(parts[1], path, 1);
        long index = 0;
        for (int i = 2; i <= last; i++) {
            String group = parts[i];
            if (i < last) {
                if (!group.startsWith("x")) {
                    throw badPath(path);
                }
                group = group.substring(1);
            }
            if (group.length() != 3) {
                throw badPath(path);
            }
            if (index > (Long.MAX_VALUE - 999) / 1000) {
                throw badPath(path);
            }
            index = index * 1000 + parseDecimal(group, path, 3);
        }
        TileId id;
        try {
            id = new TileId(level, index, width);
        } catch (IllegalArgumentException e) {
            throw badPath(path);
        }
        if (!id.path().equals(path)) {
            throw badPath(path);
        }
        return id;
    }

    private static int parseDecimal(String digits, String path, int maxLength) {
        if (digits.isEmpty() || digits.length() > maxLength) {
            throw badPath(path);
        }
        int value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw badPath(path);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static IllegalArgumentException badPath(String path) {
        return new IllegalArgumentException("not a tlog-tiles hash tile path: '" + path + "'");
    }
}
