package io.tdeguard.audit.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The published RFC 6962 test data of Certificate Transparency, as transparency-dev/merkle keeps it:
 * {@code testonly/constants.go} (LeafInputs, NodeHashes, RootHashes, EmptyRootHash) and
 * {@code proof/verify_test.go} (inclusionProofs, consistencyProofs; there leaf numbers are 1-based, here indexes are
 * 0-based). The same vectors are in certificate-transparency-go's {@code merkletree} tests.
 */
class Rfc6962VectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    static final String[] LEAF_INPUTS = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f"};

    /** NodeHashes()[level][index]. */
    static final String[][] NODE_HASHES = {{
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"}, {
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"}, {
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}, {
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"}};

    /** RootHashes()[size] for sizes 0..8. */
    static final String[] ROOTS = {
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

    /** inclusionProofs: {leaf index (0-based), tree size, proof hashes…}. */
    static final String[][] INCLUSION = {
            {"0", "8", "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"},
            {"5", "8", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"},
            {"2", "3", "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"},
            {"1", "5", "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"},
            {"0", "1"}};

    /** consistencyProofs: {first size, second size, proof hashes…}. */
    static final String[][] CONSISTENCY = {
            {"1", "1"},
            {"1", "8", "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"},
            {"6", "8", "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"},
            {"2", "5", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"},
            {"6", "7", "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}};

    static List<byte[]> leafInputs() {
        List<byte[]> leaves = new ArrayList<>();
        for (String leaf : LEAF_INPUTS) {
            leaves.add(HEX.parseHex(leaf));
        }
        return leaves;
    }

    /** A tiled tree of the 8 leaves. */
    private static InMemoryTiles tree() {
        InMemoryTiles tiles = new InMemoryTiles();
        for (byte[] leaf : leafInputs()) {
            tiles.append(List.of(MerkleHash.leafHash(leaf)));
        }
        return tiles;
    }

    @Test
    void emptyTreeRootIsSha256OfNothing() {
        assertEquals(ROOTS[0], HEX.formatHex(MerkleHash.emptyRoot()));
        assertEquals(ROOTS[0], HEX.formatHex(MerkleTree.rootHash(0, new InMemoryTiles().hashes(0))));
    }

    @Test
    void rootOfEverySizeZeroToEightAfterOneLeafAtATimeAndFromTheTiles() {
        InMemoryTiles tiles = new InMemoryTiles();
        List<byte[]> leaves = leafInputs();
        for (int size = 1; size <= 8; size++) {
            TileAppender.Appended appended = tiles.append(List.of(MerkleHash.leafHash(leaves.get(size - 1))));
            assertEquals(ROOTS[size], HEX.formatHex(appended.rootHash()), "appended root of size " + size);
        }
        for (int size = 0; size <= 8; size++) {
            assertEquals(ROOTS[size], HEX.formatHex(MerkleTree.rootHash(size, tiles.hashes(size))), "size " + size);
        }
    }

    @Test
    void rootOfEightLeavesInOneBatch() {
        InMemoryTiles tiles = new InMemoryTiles();
        List<byte[]> hashes = new ArrayList<>();
        for (byte[] leaf : leafInputs()) {
            hashes.add(MerkleHash.leafHash(leaf));
        }
        assertEquals(ROOTS[8], HEX.formatHex(tiles.append(hashes).rootHash()));
    }

    @Test
    void everyCompleteSubtreeHash() {
        HashReader reader = tree().hashes(8);
        for (int level = 0; level < NODE_HASHES.length; level++) {
            for (int index = 0; index < NODE_HASHES[level].length; index++) {
                byte[] hash = reader.readHashes(List.of(new NodeId(level, index))).get(0);
                assertEquals(NODE_HASHES[level][index], HEX.formatHex(hash), "node " + level + "/" + index);
            }
        }
    }

    @Test
    void publishedInclusionProofsAreGeneratedAndVerify() throws ProofException {
        InMemoryTiles tiles = tree();
        for (String[] vector : INCLUSION) {
            int index = Integer.parseInt(vector[0]);
            int size = Integer.parseInt(vector[1]);
            List<String> expected = List.of(vector).subList(2, vector.length);
            List<byte[]> proof = MerkleTree.inclusionProof(index, size, tiles.hashes(size));
            assertEquals(expected, hex(proof), "inclusion of " + index + " in " + size);
            ProofVerifier.verifyInclusion(index, size, MerkleHash.leafHash(leafInputs().get(index)), unhex(expected),
                    HEX.parseHex(ROOTS[size]));
        }
    }

    @Test
    void publishedConsistencyProofsAreGeneratedAndVerify() throws ProofException {
        InMemoryTiles tiles = tree();
        for (String[] vector : CONSISTENCY) {
            int first = Integer.parseInt(vector[0]);
            int second = Integer.parseInt(vector[1]);
            List<String> expected = List.of(vector).subList(2, vector.length);
            List<byte[]> proof = MerkleTree.consistencyProof(first, second, tiles.hashes(second));
            assertEquals(expected, hex(proof), "consistency of " + first + " and " + second);
            ProofVerifier.verifyConsistency(first, second, unhex(expected), HEX.parseHex(ROOTS[first]),
                    HEX.parseHex(ROOTS[second]));
        }
    }

    @Test
    void leafAndNodeHashOfTheFirstLeaves() {
        assertArrayEquals(HEX.parseHex(NODE_HASHES[1][0]), MerkleHash.nodeHash(HEX.parseHex(NODE_HASHES[0][0]),
                HEX.parseHex(NODE_HASHES[0][1])));
        assertArrayEquals(HEX.parseHex(NODE_HASHES[0][7]), MerkleHash.leafHash(leafInputs().get(7)));
    }

    static List<String> hex(List<byte[]> hashes) {
        List<String> out = new ArrayList<>();
        for (byte[] hash : hashes) {
            out.add(HEX.formatHex(hash));
        }
        return out;
    }

    static List<byte[]> unhex(List<String> hashes) {
        List<byte[]> out = new ArrayList<>();
        for (String hash : hashes) {
            out.add(HEX.parseHex(hash));
        }
        return out;
    }
}
