/**
 * The audit hash chain: canonical JSON of an event, the link hash, appending and verification. Plain Java, no
 * framework and no database; the persistence layer stores {@link io.tdeguard.audit.chain.ChainEntry} rows and
 * calls {@link io.tdeguard.audit.chain.ChainAppender} and {@link io.tdeguard.audit.chain.ChainVerifier}.
 *
 * <h2>Canonical form of an event</h2>
 * RFC 8785 (JSON Canonicalization Scheme) restricted to the values audit events hold
 * ({@link io.tdeguard.json.CanonicalJson}):
 * <ul>
 * <li>no whitespace; object members sorted by their keys compared as sequences of UTF-16 code units (so
 *     {@code "\r" < "1" < "ö" < "€" < "😀" < "דּ"}), at every level; array order kept;</li>
 * <li>strings: {@code "} and {@code \} escaped with a backslash; U+0008, U+0009, U+000A, U+000C, U+000D as
 *     {@code \b \t \n \f \r}; the other characters below U+0020 as a backslash, {@code u00} and two lowercase hex
 *     digits; every other character as itself (no {@code \/}, no escaping of U+007F, U+2028, U+2029 or non-ASCII);
 *     no Unicode normalisation; lone surrogates are an error;</li>
 * <li>numbers: integers within ±(2<sup>53</sup>−1) only, as plain decimal digits with a leading {@code -} when
 *     negative; no fractions, exponents or floating point;</li>
 * <li>{@code true}, {@code false}, {@code null};</li>
 * <li>the text is encoded as UTF-8.</li>
 * </ul>
 * Any RFC 8785 implementation produces the same bytes for such an event.
 *
 * <h2>The link hash</h2>
 * Each stored entry holds {@code seq} (1, 2, 3, …), {@code canonical_event_json}, {@code prev_hash} and
 * {@code hash}, and
 * <pre>
 *   hash = lowercase_hex( SHA-256( "tdeguard.audit.v1" || 0x00 || prev_hash || 0x00 || canonical_event_json ) )
 * </pre>
 * where {@code "tdeguard.audit.v1"} is 17 ASCII bytes (the domain tag: this hash, version 1 of its layout),
 * {@code prev_hash} is 64 ASCII bytes — the previous entry's {@code hash} as 64 lowercase hex digits, or 64 ASCII
 * {@code '0'} for seq 1 ({@link io.tdeguard.audit.chain.ChainHash#GENESIS}) — and {@code canonical_event_json} is
 * the stored text as UTF-8, no trailing newline. {@code hash} is 64 lowercase hex digits. The seq is not hashed: an
 * entry's place is fixed by the hash of its predecessor inside its own hash. The hash covers the exact stored
 * text, so the text must be stored unchanged (a {@code text} column; {@code jsonb} rewrites it).
 *
 * <h2>Verifying the chain with your own tool</h2>
 * <ol>
 * <li>Read the entries in increasing seq. Start with {@code expected_seq = 1} and {@code h = GENESIS}; to verify
 *     from seq {@code n}, start with {@code expected_seq = n} and {@code h} = a hash of seq {@code n-1} you trust.</li>
 * <li>For each entry: its {@code seq} must equal {@code expected_seq} (higher: entries missing; lower: duplicated or
 *     out of order); its {@code prev_hash} must equal {@code h}; recompute
 *     {@code c = SHA-256("tdeguard.audit.v1" 0x00 h 0x00 json)} and compare {@code c} with its stored {@code hash}.
 *     Then {@code h = c}, {@code expected_seq + 1}.</li>
 * <li>The first failure is where the chain is broken; entries before it are verified. {@code h} at the end is the
 *     head hash: record it (a checkpoint) — only a trusted later hash reveals a truncated or rewritten tail.</li>
 * </ol>
 * One entry in a shell (the NUL bytes come from {@code printf}; canonical JSON never contains a raw NUL):
 * <pre>
 *   printf 'tdeguard.audit.v1\0%s\0%s' "$PREV_HASH" "$CANONICAL_EVENT_JSON" | sha256sum
 * </pre>
 * In Python: {@code hashlib.sha256(b"tdeguard.audit.v1\0" + prev_hash.encode() + b"\0" + json.encode("utf-8"))
 * .hexdigest()}. Test vectors: {@code src/test/resources/audit/chain/valid-log.json} (20 entries, written by an
 * independent Python implementation, {@code make_valid_log.py} beside it) and the known answers in
 * {@code ChainHashTest}.
 *
 * <h2>Signed checkpoints</h2>
 * A {@link io.tdeguard.audit.chain.Checkpoint} is the function's Ed25519 signature over (seq, hash, time, key id) of
 * the chain head, in the byte layout its class comment defines (domain tag {@code "tdeguard.audit.checkpoint.v1"});
 * {@link io.tdeguard.audit.chain.CheckpointKeys} reads the keys and signs and verifies.
 * {@link io.tdeguard.audit.chain.TrailVerifier} walks a range with {@link io.tdeguard.audit.chain.ChainVerifier} and
 * checks each checkpoint as it passes its seq: a checkpoint whose hash differs from the chain's reveals rewritten
 * history, one beyond the last event a truncated tail — what the chain alone cannot show.
 */
package io.tdeguard.audit.chain;
