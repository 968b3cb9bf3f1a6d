package io.tdeguard.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.restassured.response.Response;
import io.tdeguard.audit.tlog.Checkpoint;
import io.tdeguard.audit.tlog.MerkleHash;
import io.tdeguard.audit.tlog.NoteException;
import io.tdeguard.audit.tlog.ProofException;
import io.tdeguard.audit.tlog.ProofVerifier;
import io.tdeguard.audit.tlog.SignedNote;
import io.tdeguard.audit.tlog.VerifierKey;
import io.tdeguard.json.CanonicalJson;

/** What an auditor does with the log's answers, using only the plain tlog verifier and the published note key. */
public final class LogProofs {

    private LogProofs() {
    }

    /** CreateAuditCheckpoint: every waiting event is integrated; the new tree size. */
    public static long sequence(Identity auditor) {
        Response created = SignedClient.call(auditor, "CreateAuditCheckpoint", Map.of()).send();
        created.then().statusCode(200);
        return ((Number) created.path("TreeSize")).longValue();
    }

    /** The note verifier key DescribeAuditPublicKey publishes. */
    public static VerifierKey noteKey(Identity auditor) {
        Response key = SignedClient.call(auditor, "DescribeAuditPublicKey", Map.of()).send();
        key.then().statusCode(200);
        return VerifierKey.parse(key.path("NoteVerifierKey"));
    }

    /** Opens a checkpoint note with the published key; fails the test if it does not verify. */
    public static Checkpoint open(String note, VerifierKey key) {
        try {
            return Checkpoint.parse(SignedNote.open(note, List.of(key)).text());
        } catch (NoteException e) {
            throw new AssertionError("checkpoint note does not verify: " + e.getMessage() + "\n" + note, e);
        }
    }

    public static List<byte[]> hashes(List<String> base64) {
        return base64.stream().map(Base64.getDecoder()::decode).toList();
    }

    /**
     * Asserts that a LookupEvents event is in the log: its canonical JSON (the event as returned, minus LeafIndex and
     * the v1 chain's fields) is the LeafData of its inclusion proof, which verifies against the signed checkpoint.
     */
    public static void assertIncluded(Identity auditor, Map<String, Object> event) {
        Object leafIndex = event.get("LeafIndex");
        assertNotNull(leafIndex, "event not sequenced: " + event);
        Map<String, Object> body = new LinkedHashMap<>(event);
        body.remove("LeafIndex");
        Response proof = SignedClient.call(auditor, "GetAuditInclusionProof", Map.of("LeafIndex", leafIndex)).send();
        proof.then().statusCode(200);
        byte[] leaf = Base64.getDecoder().decode(proof.<String>path("LeafData"));
        assertEquals(CanonicalJson.write(body), new String(leaf, StandardCharsets.UTF_8), "leaf data of " + leafIndex);
        Checkpoint checkpoint = open(proof.path("Checkpoint"), noteKey(auditor));
        assertEquals(((Number) proof.path("TreeSize")).longValue(), checkpoint.treeSize());
        assertEquals(((Number) leafIndex).longValue(), ((Number) proof.path("LeafIndex")).longValue());
        try {
            ProofVerifier.verifyInclusion(((Number) leafIndex).longValue(), checkpoint.treeSize(),
                    MerkleHash.leafHash(leaf), hashes(proof.path("Hashes")), checkpoint.rootHash());
        } catch (ProofException e) {
            throw new AssertionError("inclusion proof of leaf " + leafIndex + " does not verify: " + e.getMessage(), e);
        }
        assertArrayEquals(leaf, CanonicalJson.write(body).getBytes(StandardCharsets.UTF_8));
    }
}
