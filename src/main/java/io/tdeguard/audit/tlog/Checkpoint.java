package io.tdeguard.audit.tlog;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The text of a C2SP tlog-checkpoint: a signed tree head of the log, as the note text a {@link SignedNote} signs.
 * <pre>
 *   &lt;origin&gt;\n               non-empty; the log's identity (by convention its key name, a schema-less URL)
 *   &lt;tree size&gt;\n            ASCII decimal, no leading zeros ("0" for the empty tree)
 *   &lt;root hash&gt;\n            base64 (RFC 4648 §4, padded) of the 32-byte RFC 6962 root: 44 characters
 *   [&lt;extension line&gt;\n]…   optional, opaque, each non-empty
 * </pre>
 * Every line ends in a newline, the last one included; no line is empty. (Distinct from the v1 chain's
 * {@code io.tdeguard.audit.chain.Checkpoint}.)
 *
 * @param origin     the first line
 * @param treeSize   ≥ 0
 * @param rootHash   32 bytes; copied in and out
 * @param extensions the extension lines without their newlines, usually none
 */
public record Checkpoint(String origin, long treeSize, byte[] rootHash, List<String> extensions) {

    /** @throws IllegalArgumentException if a field breaks the rules above */
    public Checkpoint {
        requireLine(origin, "origin");
        if (treeSize < 0) {
            throw new IllegalArgumentException("tree size " + treeSize + " is negative");
        }
        MerkleHash.requireHash(rootHash, "root hash");
        rootHash = rootHash.clone();
        extensions = List.copyOf(extensions);
        for (String extension : extensions) {
            requireLine(extension, "extension line");
        }
    }

    /** A checkpoint without extension lines. */
    public Checkpoint(String origin, long treeSize, byte[] rootHash) {
        this(origin, treeSize, rootHash, List.of());
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** The checkpoint text, ending in a newline: what {@link SignedNote#sign} signs. */
    public String format() {
        StringBuilder text = new StringBuilder(origin).append('\n').append(treeSize).append('\n')
                .append(NoteText.encodeBase64(rootHash)).append('\n');
        for (String extension : extensions) {
            text.append(extension).append('\n');
        }
        return text.toString();
    }

    /**
     * Parses a checkpoint text (the {@link SignedNote#text()} of a verified note).
     *
     * @throws NoteException {@code MALFORMED} if it does not end in a newline, has fewer than three lines or an
     *                       empty line, a control character, a size that is not canonical decimal or exceeds
     *                       2^63−1, or a root hash that is not canonical base64 of 32 bytes
     */
    public static Checkpoint parse(String text) throws NoteException {
        Objects.requireNonNull(text, "text");
        String invalid = NoteText.invalidCharacters(text);
        if (invalid != null) {
            throw NoteException.malformed("checkpoint holds a " + invalid);
        }
        if (!text.endsWith("\n")) {
            throw NoteException.malformed("checkpoint does not end in a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw NoteException.malformed("checkpoint has " + lines.length + " lines, needs origin, size and root");
        }
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                throw NoteException.malformed("checkpoint line " + (i + 1) + " is empty");
            }
        }
        byte[] root = NoteText.decodeBase64(lines[2]);
        if (root == null || root.length != MerkleHash.SIZE) {
            throw NoteException.malformed("checkpoint root hash is not canonical base64 of 32 bytes: '" + lines[2]
                    + "'");
        }
        return new Checkpoint(lines[0], parseSize(lines[1]), root, Arrays.asList(lines).subList(3, lines.length));
    }

    private static long parseSize(String digits) throws NoteException {
        boolean decimal = digits.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!decimal || (digits.length() > 1 && digits.charAt(0) == '0') || digits.length() > 19) {
            throw NoteException.malformed("checkpoint tree size is not a decimal without leading zeros: '" + digits
                    + "'");
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw NoteException.malformed("checkpoint tree size exceeds 2^63-1: " + digits);
        }
    }

    private static void requireLine(String line, String name) {
        Objects.requireNonNull(line, name);
        String invalid = NoteText.invalidCharacters(line);
        if (line.isEmpty() || line.indexOf('\n') >= 0 || invalid != null) {
            throw new IllegalArgumentException(name + " must be one non-empty line without control characters: '"
                    + line + "'");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint c && origin.equals(c.origin) && treeSize == c.treeSize
                && Arrays.equals(rootHash, c.rootHash) && extensions.equals(c.extensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, treeSize, Arrays.hashCode(rootHash), extensions);
    }

    @Override
    public String toString() {
        return "Checkpoint[" + format().replace("\n", "\\n") + "]";
    }
}
