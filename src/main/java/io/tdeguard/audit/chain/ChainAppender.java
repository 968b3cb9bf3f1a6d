package io.tdeguard.audit.chain;

import java.util.Map;
import java.util.Objects;

import io.tdeguard.json.CanonicalJson;

/**
 * Builds the next entry of the chain. The caller must hold the chain's head (a lock on the row or table that
 * stores the latest seq and hash) from reading {@code previousSeq}/{@code previousHash} until the new entry is
 * committed; otherwise two appenders would both link to the same predecessor.
 */
public final class ChainAppender {

    private ChainAppender() {
    }

    /**
     * The entry that follows ({@code previousSeq}, {@code previousHash}) and records {@code event}.
     *
     * @param previousSeq  the seq of the current head, 0 when the chain is empty
     * @param previousHash the hash of the current head, {@link ChainHash#GENESIS} when the chain is empty
     * @param event        the audit event; see {@link CanonicalJson} for the values it may hold
     * @throws IllegalArgumentException if the head is malformed (negative seq, not a hash, genesis paired with a
     *                                  seq other than 0) or the event holds an unsupported value
     */
    public static ChainEntry append(long previousSeq, String previousHash, Map<String, ?> event) {
        if (previousSeq < 0) {
            throw new IllegalArgumentException("previous seq is negative: " + previousSeq);
        }
        ChainHash.requireHash(previousHash, "previous hash");
        if ((previousSeq == 0) != previousHash.equals(ChainHash.GENESIS)) {
            throw new IllegalArgumentException("previous hash must be the genesis hash exactly when previous seq is 0;"
                    + " got seq " + previousSeq + " with hash '" + previousHash + "'");
        }
        Objects.requireNonNull(event, "event");
        String canonicalEventJson = CanonicalJson.write(event);
        return new ChainEntry(Math.addExact(previousSeq, 1), canonicalEventJson, previousHash,
                ChainHash.link(previousHash, canonicalEventJson));
    }
}
