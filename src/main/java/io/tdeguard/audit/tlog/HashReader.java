package io.tdeguard.audit.tlog;

import java.util.List;

/**
 * Reads stored hashes of complete subtrees, many in one call. {@link MerkleTree} asks for everything one root hash
 * or one proof needs in a single call of O(log n) nodes, so an implementation backed by a database answers it with
 * one query. {@link TileHashReader} implements it over C2SP hash tiles.
 *
 * <p>Implementations throw an unchecked exception of their own when the storage fails; it reaches the caller of
 * {@link MerkleTree} unchanged.
 */
@FunctionalInterface
public interface HashReader {

    /**
     * The hashes of the given subtrees.
     *
     * @param nodes complete subtrees of the tree being read, in any order, possibly repeated
     * @return one 32-byte hash per node, in the same order; the list and its arrays are the caller's to keep
     * @throws IllegalArgumentException if a node is not complete in the tree the reader serves
     */
    List<byte[]> readHashes(List<NodeId> nodes);
}
