package io.tdeguard.audit.tlog;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The hashes of the Merkle tree, RFC 6962 §2.1 (restated in RFC 9162 §2.1.1) with SHA-256.
 *
 * <pre>
 *   leaf hash   = SHA-256( 0x00 || leaf bytes )                  32 bytes
 *   node hash   = SHA-256( 0x01 || left hash || right hash )     32 bytes; left and right are 32 bytes each
 *   empty tree  = SHA-256( "" ) = e3b0c442…b855                  the root hash of a tree of size 0
 * </pre>
 * The one-byte prefixes keep a leaf from being taken for a node (second-preimage resistance). Every hash in this
 * package is a {@code byte[32]}; methods here never keep or modify the arrays they are given.
 */
public final class MerkleHash {

    /** Length of every hash, in bytes. */
    public static final int SIZE = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    // One digest per thread: getInstance costs more than hashing a 65-byte node.
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(MerkleHash::newSha256);

    private MerkleHash() {
    }

    /** The root hash of the empty tree, SHA-256 of no bytes (RFC 6962 §2.1: MTH({}) = SHA-256()); a fresh copy. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /**
     * The leaf hash of one log entry.
     *
     * @param leaf the exact entry bytes (any length, empty included)
     * @return SHA-256(0x00 || leaf), 32 bytes
     */
    public static byte[] leafHash(byte[] leaf) {
        Objects.requireNonNull(leaf, "leaf");
        MessageDigest sha256 = sha256();
        sha256.update(LEAF_PREFIX);
        sha256.update(leaf);
        return sha256.digest();
    }

    /**
     * The hash of an interior node.
     *
     * @param left  the left child's hash, 32 bytes
     * @param right the right child's hash, 32 bytes
     * @return SHA-256(0x01 || left || right), 32 bytes
     * @throws IllegalArgumentException if a child is not 32 bytes
     */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        requireHash(left, "left");
        requireHash(right, "right");
        return nodeHash(left, 0, right, 0);
    }

    /** {@link #nodeHash(byte[], byte[])} of the 32 bytes at {@code leftOffset} and at {@code rightOffset}; unchecked. */
    static byte[] nodeHash(byte[] left, int leftOffset, byte[] right, int rightOffset) {
        MessageDigest sha256 = sha256();
        sha256.update(NODE_PREFIX);
        sha256.update(left, leftOffset, SIZE);
        sha256.update(right, rightOffset, SIZE);
        return sha256.digest();
    }

    /**
     * Hashes pairs of a row of hashes into the row above it, in place: the 32-byte hashes at {@code from},
     * {@code from + 32}, … ({@code count} of them, an even number) become {@code count / 2} parent hashes written
     * from {@code to}. The perfect subtrees inside a tile are built this way without one allocation per node.
     */
    static void hashPairs(byte[] row, int from, int count, byte[] out, int to) {
        MessageDigest sha256 = sha256();
        try {
            for (int i = 0; i < count; i += 2) {
                sha256.update(NODE_PREFIX);
                sha256.update(row, from + i * SIZE, 2 * SIZE);
                sha256.digest(out, to + (i / 2) * SIZE, SIZE);
            }
        } catch (DigestException e) {
            throw new IllegalStateException("a 32-byte buffer holds a SHA-256 digest", e);
        }
    }

    /** @throws IllegalArgumentException if {@code hash} is null or not 32 bytes ({@code name} names it) */
    static void requireHash(byte[] hash, String name) {
        if (hash == null || hash.length != SIZE) {
            throw new IllegalArgumentException(name + " is not a " + SIZE + "-byte hash"
                    + (hash == null ? " (null)" : " (" + hash.length + " bytes)"));
        }
    }

    static MessageDigest sha256() {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return digest;
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
