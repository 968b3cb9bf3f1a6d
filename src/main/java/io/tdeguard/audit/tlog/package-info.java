/**
 * The audit log as an RFC 6962 transparency log: Merkle tree hashing, hash tiles, proofs, checkpoints and signed
 * notes. Plain Java (JDK 17 only: SHA-256 and Ed25519 come from {@code java.security}); no framework, no database.
 * The storage layer implements {@link io.tdeguard.audit.tlog.TileReader} (or {@link io.tdeguard.audit.tlog.HashReader})
 * and writes what {@link io.tdeguard.audit.tlog.TileAppender} returns; the sequencer signs
 * {@link io.tdeguard.audit.tlog.Checkpoint}s with a {@link io.tdeguard.audit.tlog.NoteSigner}.
 * A verifier recomputes a log leaf by leaf with {@link io.tdeguard.audit.tlog.CompactRange}, the leaves hashed on
 * other threads through {@link io.tdeguard.audit.tlog.InOrderBatches}, which hands the results back in leaf order.
 *
 * <h2>Hashes (RFC 6962 §2.1, RFC 9162 §2.1)</h2>
 * <pre>
 *   leaf hash  = SHA-256(0x00 || leaf bytes)            leaf bytes: the event's canonical JSON, UTF-8
 *   node hash  = SHA-256(0x01 || left || right)         32 + 32 bytes
 *   MTH({})    = SHA-256("")                            the empty tree
 *   MTH(D[n])  = node hash(MTH(D[0:k]), MTH(D[k:n]))    k the largest power of two &lt; n
 * </pre>
 * Node {@code (level, index)} ({@link io.tdeguard.audit.tlog.NodeId}) is the complete subtree of leaves
 * {@code [index·2^level, (index+1)·2^level)}. Inclusion and consistency proofs are lists of 32-byte hashes in the
 * order of RFC 9162 §2.1.3.1 and §2.1.4.1 (deepest first); {@link io.tdeguard.audit.tlog.ProofVerifier} follows
 * §2.1.3.2 and §2.1.4.2.
 *
 * <h2>Hash tiles (C2SP tlog-tiles)</h2>
 * Tiles of height 8: tile {@code (L, N)} holds, concatenated, the 32-byte hashes of nodes {@code (8L, 256N + i)}
 * for {@code 0 ≤ i < W}, with W = 256 for a full tile and 1..255 for the partial last tile of a level. Path:
 * {@code tile/<L>/<N>[.p/<W>]}, N in zero-padded groups of three digits, all but the last prefixed with {@code x}
 * ({@code tile/0/x001/234.p/5}). A tree of n leaves has {@code n >> 8L} hashes at tile level L. Hashes of the levels
 * between are recomputed from the tile below (at most 128 node hashes per read hash).
 *
 * <h2>Checkpoints (C2SP tlog-checkpoint) and signed notes (C2SP signed-note)</h2>
 * <pre>
 *   example.com/tdeguard/audit                         origin
 *   20852163                                           tree size, decimal
 *   CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=       root hash, base64
 *                                                      blank line: end of the note text
 *   — example.com/tdeguard/audit &lt;base64(key ID || Ed25519 signature)&gt;     one line per signature
 * </pre>
 * The note text (first three lines, newlines included) is what is signed, as UTF-8. Ed25519 is signature type
 * 0x01; key ID = SHA-256(name || 0x0A || 0x01 || 32-byte public key)[:4], big-endian; a verifier key is written
 * {@code <name>+<8 hex key ID>+<base64(0x01 || public key)>}. A note may carry several signatures (key rotation,
 * witnesses); a reader trusts a set of keys and ignores signatures by others.
 *
 * <h2>Sources</h2>
 * RFC 6962 and RFC 9162 §2.1; c2sp.org/tlog-tiles, c2sp.org/tlog-checkpoint, c2sp.org/signed-note; RFC 8032
 * (Ed25519). Go's {@code golang.org/x/mod/sumdb/tlog} and {@code sumdb/note} implement the same formats and check
 * this package's output in the tests ({@code src/test/go}). One difference: Go's {@code tlog.TreeHash(0)} is 32 zero
 * bytes, RFC 6962's MTH of the empty tree (used here) is SHA-256 of no bytes.
 */
package io.tdeguard.audit.tlog;
