package io.tdeguard.audit.chain;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The plainest implementation of the chain rules, written from the byte layout in {@code package-info.java}, to
 * cross-check {@link ChainVerifier}: it holds the whole log, builds each hashed byte string in full, hashes it with
 * a fresh digest and formats the hex by hand.
 */
final class ReferenceVerifier {

    private ReferenceVerifier() {
    }

    static String hash(String prevHash, String canonicalEventJson) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("tdeguard.audit.v1".getBytes(StandardCharsets.US_ASCII));
        bytes.write(0);
        bytes.writeBytes(prevHash.getBytes(StandardCharsets.US_ASCII));
        bytes.write(0);
        bytes.writeBytes(canonicalEventJson.getBytes(StandardCharsets.UTF_8));
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : digest) {
            hex.append(String.format("%02x", b & 0xff));
        }
        return hex.toString();
    }

    static VerificationResult verify(long expectedFirstSeq, String expectedPrevHash, List<ChainEntry> log) {
        String prevHash = expectedPrevHash;
        for (int i = 0; i < log.size(); i++) {
            long seq = expectedFirstSeq + i;
            ChainEntry entry = log.get(i);
            ChainBreak broken = null;
            if (entry.seq() > seq) {
                broken = new ChainBreak.SeqGap(seq, entry.seq());
            } else if (entry.seq() < seq) {
                broken = new ChainBreak.SeqNotIncreasing(seq, entry.seq());
            } else if (!entry.prevHash().equals(prevHash)) {
                broken = new ChainBreak.PrevHashMismatch(seq, prevHash, entry.prevHash());
            } else if (firstUnpairedSurrogate(entry.canonicalEventJson()) >= 0) {
                broken = new ChainBreak.MalformedEventJson(seq, firstUnpairedSurrogate(entry.canonicalEventJson()));
            } else if (!hash(prevHash, entry.canonicalEventJson()).equals(entry.hash())) {
                broken = new ChainBreak.HashMismatch(seq, entry.hash(), hash(prevHash, entry.canonicalEventJson()));
            }
            if (broken != null) {
                return new VerificationResult(false, i, seq, broken, prevHash);
            }
            prevHash = entry.hash();
        }
        return new VerificationResult(true, log.size(), null, null, prevHash);
    }

    /** Walks code points: an unpaired surrogate is the only code point in the surrogate range. */
    private static int firstUnpairedSurrogate(String text) {
        int index = 0;
        for (int codePoint : text.codePoints().toArray()) {
            if (codePoint >= 0xd800 && codePoint <= 0xdfff) {
                return index;
            }
            index += Character.charCount(codePoint);
        }
        return -1;
    }
}
