package io.tdeguard.audit.chain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A signed checkpoint: the function's statement, under its Ed25519 key, that the chain's event at {@code seq} had
 * hash {@code hash} at {@code time}. An auditor who trusts the public key can then detect a chain whose head fell
 * behind a checkpoint (a truncated tail) or whose hash at a checkpointed seq differs (rewritten history), even when
 * everything else was recomputed by someone with write access to the database.
 *
 * <p>The signature is Ed25519 (RFC 8032, pure) over exactly these bytes ({@link #signedBytes()}):
 * <pre>
 *   "tdeguard.audit.checkpoint.v1"   28 bytes, ASCII: the domain tag (a checkpoint, v1 of this layout; the event
 *                                     hash uses "tdeguard.audit.v1", so neither can stand for the other)
 *   0x00
 *   key id                           ASCII, see {@link CheckpointKeys#keyId}
 *   0x00
 *   seq                              ASCII decimal, no sign, no leading zeros
 *   0x00
 *   hash                             64 ASCII lowercase hex digits: the event hash at seq
 *   0x00
 *   time                             24 ASCII bytes, UTC with milliseconds: yyyy-MM-ddTHH:mm:ss.SSSZ
 * </pre>
 * None of the fields can hold a NUL, so the bytes split back into their fields in one way only. The signature is
 * carried as standard base64 of its 64 bytes.
 *
 * @param seq       the checkpointed event's seq, 1 or more
 * @param hash      its hash, 64 lowercase hex digits
 * @param time      when the checkpoint was made, formatted as {@link #formatTime}
 * @param keyId     the id of the key that signed it
 * @param signature base64 of the Ed25519 signature over {@link #signedBytes()}
 */
public record Checkpoint(long seq, String hash, String time, String keyId, String signature) {

    /** Names the signed byte layout; a new layout needs a new tag. */
    public static final String DOMAIN_TAG = "tdeguard.audit.checkpoint.v1";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern TIME_SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    private static final Pattern KEY_ID_SHAPE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public Checkpoint {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signature, "signature");
    }

    /** The checkpoint's time as signed: UTC, always with three fraction digits. */
    public static String formatTime(Instant time) {
        return TIME.format(time.truncatedTo(ChronoUnit.MILLIS));
    }

    /** The time as an instant; null when it is not in the signed format. */
    public Instant instant() {
        if (!TIME_SHAPE.matcher(time).matches()) {
            return null;
        }
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Why this checkpoint cannot be signed or verified as it stands (a field out of shape), or null when its fields
     * are well-formed. Shape only: whether the signature is right is {@link CheckpointKeys#verify}'s question.
     */
    public String malformation() {
        if (seq < 1) {
            return "seq " + seq + " is not positive";
        }
        if (!ChainHash.isWellFormedHash(hash)) {
            return "hash is not 64 lowercase hex digits";
        }
        if (instant() == null || !formatTime(instant()).equals(time)) {
            return "time '" + printable(time) + "' is not UTC with milliseconds (yyyy-MM-ddTHH:mm:ss.SSSZ)";
        }
        if (!KEY_ID_SHAPE.matcher(keyId).matches()) {
            return "key id '" + printable(keyId) + "' is malformed";
        }
        return null;
    }

    /** The bytes the signature covers, see the class comment. */
    public byte[] signedBytes() {
        String malformed = malformation();
        if (malformed != null) {
            throw new IllegalStateException("a malformed checkpoint has no signed bytes: " + malformed);
        }
        return signedBytes(seq, hash, time, keyId);
    }

    static byte[] signedBytes(long seq, String hash, String time, String keyId) {
        return (DOMAIN_TAG + '\0' + keyId + '\0' + seq + '\0' + hash + '\0' + time).getBytes(StandardCharsets.US_ASCII);
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && i < 80; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
