package io.tdeguard.audit.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The verifier's leaf-by-leaf root against {@link ReferenceMerkle} (RFC 6962's recursive MTH), for every size. */
class CompactRangeTest {

    @Test
    void rootOfEveryPrefixUpTo300LeavesIsTheReferenceMth() {
        List<byte[]> leaves = ReferenceCrossCheckTest.leaves(300, 7);
        CompactRange range = new CompactRange();
        assertArrayEquals(MerkleHash.emptyRoot(), range.rootHash(), "empty tree");
        for (int size = 1; size <= leaves.size(); size++) {
            range.add(MerkleHash.leafHash(leaves.get(size - 1)));
            assertEquals(size, range.size());
            assertArrayEquals(ReferenceMerkle.mth(leaves.subList(0, size)), range.rootHash(), "root of size " + size);
        }
    }

    @Test
    void aChangedLeafChangesTheRoot() {
        List<byte[]> leaves = ReferenceCrossCheckTest.leaves(9, 3);
        CompactRange range = new CompactRange();
        for (int i = 0; i < leaves.size(); i++) {
            byte[] leaf = leaves.get(i).clone();
            if (i == 4) {
                leaf = new byte[] {1, 2, 3};
            }
            range.add(MerkleHash.leafHash(leaf));
        }
        assertEquals(false, java.util.Arrays.equals(ReferenceMerkle.mth(leaves), range.rootHash()));
    }
}
