package io.tdeguard.audit.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Checkpoint bodies (C2SP tlog-checkpoint): format, parse, refusals, and a signed checkpoint end to end. */
class CheckpointTest {

    private static final String ROOT_B64 = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";

    @Test
    void theSpecificationsExampleBody() throws NoteException {
        String text = "example.com/behind-the-sofa\n20852163\n" + ROOT_B64 + "\n";
        Checkpoint checkpoint = Checkpoint.parse(text);
        assertEquals("example.com/behind-the-sofa", checkpoint.origin());
        assertEquals(20_852_163L, checkpoint.treeSize());
        assertEquals("0ac5186a91863e8e1d90c808014aa89bf5da8e3ee1d9f07630f0378f68f1ab62",
                HexFormat.of().formatHex(checkpoint.rootHash()));
        assertEquals(List.of(), checkpoint.extensions());
        assertEquals(text, checkpoint.format());
    }

    @Test
    void roundTripsWithExtensionsAndTheEmptyTree() throws NoteException {
        Checkpoint withExtensions = new Checkpoint("log.example/a", Long.MAX_VALUE, new byte[32],
                List.of("ext one", "— ext two ✓"));
        assertEquals(withExtensions, Checkpoint.parse(withExtensions.format()));
        Checkpoint empty = new Checkpoint("log.example/a", 0, MerkleHash.emptyRoot());
        assertEquals("log.example/a\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", empty.format());
        assertEquals(empty, Checkpoint.parse(empty.format()));
    }

    @Test
    void refusals() {
        String good = "example.com/log\n42\n" + ROOT_B64 + "\n";
        List<String[]> cases = List.of(
                new String[] {"missing final newline", good.substring(0, good.length() - 1)},
                new String[] {"two lines", "example.com/log\n42\n"},
                new String[] {"empty origin", "\n42\n" + ROOT_B64 + "\n"},
                new String[] {"leading zero", good.replace("\n42\n", "\n042\n")},
                new String[] {"plus sign", good.replace("\n42\n", "\n+42\n")},
                new String[] {"negative", good.replace("\n42\n", "\n-1\n")},
                new String[] {"hex size", good.replace("\n42\n", "\n0x2a\n")},
                new String[] {"size overflow", good.replace("\n42\n", "\n9223372036854775808\n")},
                new String[] {"space in size", good.replace("\n42\n", "\n42 \n")},
                new String[] {"bad base64", good.replace(ROOT_B64, ROOT_B64.substring(1))},
                new String[] {"unpadded root", good.replace(ROOT_B64, ROOT_B64.replace("=", ""))},
                new String[] {"31-byte root", good.replace(ROOT_B64, NoteText.encodeBase64(new byte[31]))},
                new String[] {"33-byte root", good.replace(ROOT_B64, NoteText.encodeBase64(new byte[33]))},
                new String[] {"url-safe base64", good.replace(ROOT_B64, ROOT_B64.replace('/', '_'))},
                new String[] {"empty extension line", good + "\next\n"},
                new String[] {"trailing blank line", good + "\n"},
                new String[] {"carriage return", good.replace("\n42\n", "\n42\r\n")},
                new String[] {"control character", good.replace("example.com", "example\u0001com")});
        for (String[] c : cases) {
            NoteException e = assertThrows(NoteException.class, () -> Checkpoint.parse(c[1]), c[0]);
            assertEquals(NoteException.Reason.MALFORMED, e.reason(), c[0]);
        }
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint("a\nb", 1, new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint("a", -1, new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint("a", 1, new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint("a", 1, new byte[32], List.of("")));
    }

    @Test
    void aSignedCheckpointOfATiledTreeEndToEnd() throws Exception {
        InMemoryTiles tiles = new InMemoryTiles();
        List<byte[]> leaves = ReferenceCrossCheckTest.leaves(1000, 21);
        TileAppender.Appended appended = tiles.append(ReferenceCrossCheckTest.leafHashes(leaves));
        NoteSigner signer = SignedNoteTest.signer("example.com/tdeguard");
        String note = SignedNote.sign(new Checkpoint("example.com/tdeguard", appended.treeSize(),
                appended.rootHash()).format(), List.of(signer));

        Checkpoint opened = Checkpoint.parse(SignedNote.open(note, List.of(signer.verifierKey())).text());
        assertEquals(1000, opened.treeSize());
        assertArrayEquals(appended.rootHash(), opened.rootHash());
        List<byte[]> proof = MerkleTree.inclusionProof(777, 1000, tiles.hashes(1000));
        ProofVerifier.verifyInclusion(777, opened.treeSize(), MerkleHash.leafHash(leaves.get(777)), proof,
                opened.rootHash());
    }
}
