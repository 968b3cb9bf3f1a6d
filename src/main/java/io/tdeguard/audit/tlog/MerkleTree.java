package io.tdeguard.audit.tlog;

import java.util.ArrayList;
import java.util.List;

/**
 * Tree heads and proofs of an RFC 6962 log whose complete subtrees a {@link HashReader} serves.
 *
 * <p>Each answer is built in three steps: the subtrees the answer consists of, as leaf ranges
 * ({@code [start, end)}: RFC 6962 §2.1's MTH, PATH and SUBPROOF name exactly these); each range split into the
 * complete subtrees it is made of (at most one per bit of its width); one {@link HashReader#readHashes} call for all
 * of them. A root or proof over a tree of size n thus costs one read of O(log n) stored hashes, whatever n is.
 */
public final class MerkleTree {

    private MerkleTree() {
    }

    /**
     * The root hash of the tree of the first {@code size} leaves (RFC 6962 §2.1 MTH(D[size])).
     *
     * @param size   0 ≤ size; the reader must hold that tree
     * @param reader the stored hashes
     * @return 32 bytes; {@link MerkleHash#emptyRoot()} when {@code size} is 0 (without a read)
     * @throws IllegalArgumentException if {@code size} is negative
     */
    public static byte[] rootHash(long size, HashReader reader) {
        if (size < 0) {
            throw new IllegalArgumentException("tree size " + size + " is negative");
        }
        if (size == 0) {
            return MerkleHash.emptyRoot();
        }
        return hashRanges(List.of(new Span(0, size)), reader).get(0);
    }

    /**
     * The inclusion proof (audit path) of a leaf in a tree (RFC 6962 §2.1.1 PATH(index, D[size]); RFC 9162 §2.1.3.1).
     *
     * @param index 0 ≤ index &lt; size, the leaf's index
     * @param size  the tree size the proof is for
     * @return the sibling subtree hashes from the leaf's up to the root's children, 32 bytes each; empty when size is 1
     * @throws IllegalArgumentException unless 0 ≤ index &lt; size
     */
    public static List<byte[]> inclusionProof(long index, long size, HashReader reader) {
        return hashRanges(inclusionSpans(index, size), reader);
    }

    /**
     * The consistency proof between two tree sizes (RFC 6962 §2.1.2 PROOF(first, D[second]); RFC 9162 §2.1.4.1).
     *
     * @param first  0 ≤ first ≤ second
     * @param second the bigger tree's size, held by the reader
     * @return the proof's hashes, 32 bytes each, in the RFC's order; empty when first is 0 or first equals second
     * @throws IllegalArgumentException unless 0 ≤ first ≤ second
     */
    public static List<byte[]> consistencyProof(long first, long second, HashReader reader) {
        return hashRanges(consistencySpans(first, second), reader);
    }

    /** A range of leaves {@code [start, end)}, non-empty, whose MTH is one hash of a proof. */
    record Span(long start, long end) {
    }

    /** The subtrees whose hashes make up PATH(index, D[size]), in the order of the proof. */
    static List<Span> inclusionSpans(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf index " + index + " is not within tree size " + size);
        }
        List<Span> topDown = new ArrayList<>();
        long start = 0;
        long end = size;
        while (end - start > 1) {
            long middle = start + largestPowerOfTwoBelow(end - start);
            if (index < middle) {
                topDown.add(new Span(middle, end));
                end = middle;
            } else {
                topDown.add(new Span(start, middle));
                start = middle;
            }
        }
        return reversed(topDown);
    }

    /** The subtrees whose hashes make up PROOF(first, D[second]) (SUBPROOF of RFC 6962 §2.1.2), in proof order. */
    static List<Span> consistencySpans(long first, long second) {
        if (first < 0 || first > second) {
            throw new IllegalArgumentException("tree sizes " + first + " and " + second + " are not 0 ≤ first ≤ second");
        }
        List<Span> topDown = new ArrayList<>();
        if (first == 0 || first == second) {
            return topDown;
        }
        long start = 0;
        long end = second;
        boolean firstIsWholeSubtree = true; // SUBPROOF's flag b: the old tree is exactly this subtree so far
        while (first != end) {
            long middle = start + largestPowerOfTwoBelow(end - start);
            if (first <= middle) {
                topDown.add(new Span(middle, end));
                end = middle;
            } else {
                topDown.add(new Span(start, middle));
                start = middle;
                firstIsWholeSubtree = false;
            }
        }
        if (!firstIsWholeSubtree) {
            topDown.add(new Span(start, end));
        }
        return reversed(topDown);
    }

    /** The MTH of each span, with one read for all of them. */
    static List<byte[]> hashRanges(List<Span> spans, HashReader reader) {
        List<NodeId> nodes = new ArrayList<>();
        for (Span span : spans) {
            addCompleteSubtrees(span.start(), span.end(), nodes);
        }
        List<byte[]> hashes = nodes.isEmpty() ? List.of() : reader.readHashes(nodes);
        if (hashes.size() != nodes.size()) {
            throw new IllegalStateException("hash reader returned " + hashes.size() + " hashes for " + nodes.size()
                    + " nodes");
        }
        List<byte[]> result = new ArrayList<>(spans.size());
        int next = 0;
        for (Span span : spans) {
            int count = Long.bitCount(span.end() - span.start());
            result.add(foldRight(hashes, next, count));
            next += count;
        }
        return result;
    }

    /**
     * Splits {@code [start, end)} into complete subtrees of decreasing size, left to right: one per set bit of
     * {@code end − start}. Every span of a root or proof starts at a multiple of a power of two at least its width
     * (it is a node of RFC 6962's tree), which is what makes the pieces align.
     */
    static void addCompleteSubtrees(long start, long end, List<NodeId> out) {
        long width = end - start;
        long position = start;
        for (int level = 63 - Long.numberOfLeadingZeros(width); level >= 0; level--) {
            if ((width & (1L << level)) != 0) {
                if ((position & ((1L << level) - 1)) != 0) {
                    throw new IllegalStateException("span [" + start + ", " + end + ") is not a subtree of the log");
                }
                out.add(new NodeId(level, position >> level));
                position += 1L << level;
            }
        }
    }

    /**
     * The MTH of consecutive complete subtrees of decreasing size: RFC 6962 splits at the largest power of two, so
     * the hash is node(h1, node(h2, … node(h(k−1), hk))).
     */
    private static byte[] foldRight(List<byte[]> hashes, int from, int count) {
        byte[] hash = requireStoredHash(hashes.get(from + count - 1));
        for (int i = from + count - 2; i >= from; i--) {
            hash = MerkleHash.nodeHash(requireStoredHash(hashes.get(i)), 0, hash, 0);
        }
        return hash;
    }

    private static byte[] requireStoredHash(byte[] hash) {
        if (hash == null || hash.length != MerkleHash.SIZE) {
            throw new IllegalStateException("hash reader returned a hash that is not " + MerkleHash.SIZE + " bytes");
        }
        return hash;
    }

    /** The largest power of two strictly less than {@code n}, for n ≥ 2 (RFC 6962's k). */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> out = new ArrayList<>(list.size());
        for (int i = list.size() - 1; i >= 0; i--) {
            out.add(list.get(i));
        }
        return out;
    }
}
