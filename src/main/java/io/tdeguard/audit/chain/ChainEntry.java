package io.tdeguard.audit.chain;

import java.util.Objects;

/**
 * One audit event as the chain stores it.
 *
 * <p>The record holds the stored values as they are and does not check them against each other: telling a
 * valid entry from a tampered one is {@link ChainVerifier}'s job. {@code canonicalEventJson} must be stored and
 * read back byte for byte (a {@code text} column, not {@code jsonb}, which reorders and re-spaces), because the
 * hash covers its exact UTF-8 bytes.
 *
 * @param seq                the position in the chain, 1 for the first event
 * @param canonicalEventJson the event's RFC 8785 canonical JSON
 * @param prevHash           the hash of the entry at {@code seq - 1}, {@link ChainHash#GENESIS} for seq 1
 * @param hash               {@link ChainHash#link}({@code prevHash}, {@code canonicalEventJson})
 */
public record ChainEntry(long seq, String canonicalEventJson, String prevHash, String hash) {

    public ChainEntry {
        Objects.requireNonNull(canonicalEventJson, "canonicalEventJson");
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(hash, "hash");
    }
}
