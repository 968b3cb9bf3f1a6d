package io.tdeguard.audit.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

import io.tdeguard.json.CanonicalJson;

/**
 * The link hash of the audit chain.
 *
 * <p>The hash of an event is the lowercase hex of SHA-256 over exactly these bytes:
 * <pre>
 *   "tdeguard.audit.v1"      17 bytes, ASCII: the domain tag (this hash and no other; v1 of the layout)
 *   0x00                      1 byte
 *   prev hash                64 bytes, ASCII: the previous event's hash as 64 lowercase hex digits,
 *                                           {@link #GENESIS} (64 × '0') for the first event
 *   0x00                      1 byte
 *   canonical event JSON      the RFC 8785 canonical JSON of the event, UTF-8, no trailing newline
 * </pre>
 * The NUL separators cannot occur inside the tag or the hex, nor inside canonical JSON (which escapes
 * U+0000 as {@code \}{@code u0000}), so the byte string splits back into its three fields in one way only.
 * In a shell: {@code printf 'tdeguard.audit.v1\0%s\0%s' "$PREV_HASH" "$EVENT_JSON" | sha256sum}.
 */
public final class ChainHash {

    /** The prev hash of the first event (seq 1): 64 zeros. */
    public static final String GENESIS = "0".repeat(64);

    /** Names this hash and the version of its byte layout; a new layout needs a new tag. */
    public static final String DOMAIN_TAG = "tdeguard.audit.v1";

    private static final byte[] TAG_AND_SEPARATOR = (DOMAIN_TAG + '\0').getBytes(StandardCharsets.US_ASCII);
    private static final HexFormat LOWER_HEX = HexFormat.of();

    private ChainHash() {
    }

    /**
     * The hash of an event whose predecessor has hash {@code prevHashHex}.
     *
     * @param prevHashHex        64 lowercase hex digits ({@link #GENESIS} for the first event)
     * @param canonicalEventJson the event's canonical JSON as {@link CanonicalJson#write} returns it; it is
     *                           hashed as given, so the same text must be stored and later verified
     * @throws IllegalArgumentException if {@code prevHashHex} is not 64 lowercase hex digits, or the JSON holds a
     *                                  lone surrogate (it could not be encoded as UTF-8)
     */
    public static String link(String prevHashHex, String canonicalEventJson) {
        requireHash(prevHashHex, "prev hash");
        Objects.requireNonNull(canonicalEventJson, "canonicalEventJson");
        int loneSurrogate = loneSurrogateIndex(canonicalEventJson);
        if (loneSurrogate >= 0) {
            throw new IllegalArgumentException("canonical event json holds a lone surrogate at char index "
                    + loneSurrogate);
        }
        return link(newSha256(), prevHashHex, canonicalEventJson);
    }

    /**
     * {@link #link(String, String)} on a digest reused across a long verification; the caller has checked the
     * arguments.
     */
    static String link(MessageDigest sha256, String prevHashHex, String canonicalEventJson) {
        sha256.reset();
        sha256.update(TAG_AND_SEPARATOR);
        sha256.update(prevHashHex.getBytes(StandardCharsets.US_ASCII));
        sha256.update((byte) 0);
        sha256.update(canonicalEventJson.getBytes(StandardCharsets.UTF_8));
        return LOWER_HEX.formatHex(sha256.digest());
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /** Whether {@code hex} is a hash as this chain writes it: 64 lowercase hex digits. */
    public static boolean isWellFormedHash(String hex) {
        if (hex == null || hex.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = hex.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    static void requireHash(String hex, String name) {
        Objects.requireNonNull(hex, name);
        if (!isWellFormedHash(hex)) {
            throw new IllegalArgumentException(name + " is not 64 lowercase hex digits: '" + hex + "'");
        }
    }

    /**
     * The index of the first lone surrogate in {@code text}, or −1 when it is well-formed UTF-16. UTF-8 cannot
     * encode a lone surrogate ({@code getBytes} would silently put '?' in its place, so two texts would hash
     * alike).
     */
    static int loneSurrogateIndex(String text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }
}
