package io.tdeguard.audit.tlog;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * A second, plain implementation of RFC 6962 §2.1, straight from its recursive definitions (MTH, PATH, PROOF and
 * SUBPROOF of §2.1, §2.1.1 and §2.1.2) over the list of leaf inputs, with its own SHA-256 calls. Slow on purpose;
 * the tests compare the tiled implementation to it.
 */
final class ReferenceMerkle {

    private ReferenceMerkle() {
    }

    /** MTH(D[n]). */
    static byte[] mth(List<byte[]> leaves) {
        int n = leaves.size();
        if (n == 0) {
            return sha256(new byte[0]);
        }
        if (n == 1) {
            return sha256(concat(new byte[] {0}, leaves.get(0)));
        }
        int k = k(n);
        return sha256(concat(new byte[] {1}, mth(leaves.subList(0, k)), mth(leaves.subList(k, n))));
    }

    /** PATH(m, D[n]). */
    static List<byte[]> path(int m, List<byte[]> leaves) {
        int n = leaves.size();
        List<byte[]> path = new ArrayList<>();
        if (n == 1) {
            return path;
        }
        int k = k(n);
        if (m < k) {
            path.addAll(path(m, leaves.subList(0, k)));
            path.add(mth(leaves.subList(k, n)));
        } else {
            path.addAll(path(m - k, leaves.subList(k, n)));
            path.add(mth(leaves.subList(0, k)));
        }
        return path;
    }

    /** PROOF(m, D[n]) for 0 &lt; m ≤ n; empty for m = 0 (no proof needed). */
    static List<byte[]> proof(int m, List<byte[]> leaves) {
        return m == 0 ? new ArrayList<>() : subproof(m, leaves, true);
    }

    private static List<byte[]> subproof(int m, List<byte[]> leaves, boolean b) {
        int n = leaves.size();
        List<byte[]> proof = new ArrayList<>();
        if (m == n) {
            if (!b) {
                proof.add(mth(leaves));
            }
            return proof;
        }
        int k = k(n);
        if (m <= k) {
            proof.addAll(subproof(m, leaves.subList(0, k), b));
            proof.add(mth(leaves.subList(k, n)));
        } else {
            proof.addAll(subproof(m - k, leaves.subList(k, n), false));
            proof.add(mth(leaves.subList(0, k)));
        }
        return proof;
    }

    /** The largest power of two smaller than n (n &gt; 1). */
    private static int k(int n) {
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
