package io.tdeguard.policy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The results of conditions and patterns already evaluated during one decision, so that a condition or a
 * resource pattern that many statements repeat (the same office network, the same account) is evaluated once
 * per decision instead of once per statement. Lives for one evaluation, in one thread.
 *
 * <p>Results are found by identity: an interned canonical text ({@link #identity}) that is equal for exactly
 * the conditions (or pattern sets) that compile to the same thing, so one reference comparison finds them,
 * across statements and policies alike. The table grows up to a fixed size, so a decision never allocates
 * more than that whatever the number of policies; once it is full, further results are computed each time.
 */
final class ResultCache {

    /** Room for the 32 results of a large decision without growing. */
    private static final int INITIAL_CAPACITY = 64;
    private static final int MAX_CAPACITY = 512;
    /** At most half the slots are used, which keeps the probes for a missing identity short. */
    static final int MAX_RESULTS = MAX_CAPACITY / 2;
    /** Multiplying by it (Fibonacci hashing) spreads texts that differ in one character over the table. */
    private static final int GOLDEN_RATIO = 0x9E37_79B9;
    private static final Truth[] TRUTHS = Truth.values();

    private String[] identities = new String[INITIAL_CAPACITY];
    /** The {@link Truth#ordinal()} of each result, beside its identity. */
    private byte[] results = new byte[INITIAL_CAPACITY];
    /** How far to shift a 32-bit hash right to get a slot number: 32 minus log2 of the capacity. */
    private int slotShift = Integer.numberOfLeadingZeros(INITIAL_CAPACITY) + 1;
    private int size;

    /** The identity of what a canonical description describes: its JSON text, interned. */
    static String identity(JsonNode canonicalDescription) {
        return canonicalDescription.toString().intern();
    }

    /**
     * The result kept for this identity, or {@code null}.
     *
     * @param identityHash {@code identity.hashCode()}, kept by the caller so the text itself is not read
     */
    Truth get(String identity, int identityHash) {
        int mask = identities.length - 1;
        for (int slot = firstSlot(identityHash); ; slot = (slot + 1) & mask) {
            String kept = identities[slot];
            if (kept == identity) {
                return TRUTHS[results[slot]];
            }
            if (kept == null) {
                return null;
            }
        }
    }

    void put(String identity, int identityHash, Truth result) {
        if (size == identities.length / 2) {
            if (identities.length == MAX_CAPACITY) {
                return;
            }
            grow();
        }
        insert(identity, identityHash, (byte) result.ordinal());
    }

    private void insert(String identity, int identityHash, byte result) {
        int mask = identities.length - 1;
        int slot = firstSlot(identityHash);
        while (identities[slot] != null) {
            slot = (slot + 1) & mask;
        }
        identities[slot] = identity;
        results[slot] = result;
        size++;
    }

    private void grow() {
        String[] oldIdentities = identities;
        byte[] oldResults = results;
        identities = new String[oldIdentities.length * 2];
        results = new byte[oldIdentities.length * 2];
        slotShift--;
        size = 0;
        for (int slot = 0; slot < oldIdentities.length; slot++) {
            if (oldIdentities[slot] != null) {
                insert(oldIdentities[slot], oldIdentities[slot].hashCode(), oldResults[slot]);
            }
        }
    }

    private int firstSlot(int identityHash) {
        return identityHash * GOLDEN_RATIO >>> slotShift;
    }
}
