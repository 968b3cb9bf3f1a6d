package io.tdeguard.audit;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.tdeguard.audit.tlog.MerkleHash;

/**
 * Checks one stored leaf of the Merkle log against its event row, in Java from the leaf's exact bytes (never through
 * jsonb): the event is stored, its tag verifies under a trusted tag key (so its bytes are those TDE Guard wrote),
 * and each query column (what LookupEvents filters on) equals the field of the leaf data it copies. Stateless and
 * thread-safe: VerifyAuditTrail checks batches of leaves on other threads while it reads the next ones.
 */
public final class LeafCheck {

    /** The leaf data's fields that query columns copy, in the order they are checked. */
    static final String[] FIELDS = {"eventId", "eventTime", "eventName", "phase", "outcome", "requestId",
        "userName", "instanceId", "approvalId", "errorCode", "intentEventId"};
    private static final int EVENT_ID = 0;
    private static final int EVENT_TIME = 1;
    private static final int USER_NAME = 6;
    private static final int INTENT_EVENT_ID = 10;
    private static final JsonFactory JSON = new JsonFactory();

    private LeafCheck() {
    }

    /**
     * What the check of one leaf found.
     *
     * @param leafHash the leaf's RFC 6962 leaf hash when the leaf passed; null when it did not
     * @param reason   null when the leaf passed; else {@code EventMissing}, {@code TagMismatch} or
     *                 {@code ColumnMismatch}
     * @param detail   what is wrong, for the auditor; null when the leaf passed
     */
    public record Result(long leafIndex, long seq, byte[] leafHash, String reason, String detail) {
    }

    /** Checks one leaf: its event, its tag under {@code keys}, its query columns. */
    public static Result check(LogStore.StoredLeaf stored, AuditKeys keys) {
        LogStore.Leaf leaf = stored.leaf();
        String where = "leaf " + leaf.leafIndex() + " (seq " + leaf.seq() + ")";
        if (leaf.data() == null) {
            return broken(leaf, "EventMissing", "the event of " + where + " is not stored");
        }
        if (!keys.verifies(leaf.data(), stored.tagKeyId(), stored.tag())) {
            return broken(leaf, "TagMismatch", "the event of " + where
                    + " does not carry a valid tag: its stored bytes were changed");
        }
        String column = mismatchedColumn(leaf.data(), stored.columns());
        if (column != null) {
            return broken(leaf, "ColumnMismatch", "the query column " + column + " of " + where
                    + " differs from its leaf data: LookupEvents filters could hide or misfile it");
        }
        return new Result(leaf.leafIndex(), leaf.seq(), MerkleHash.leafHash(leaf.data()), null, null);
    }

    private static Result broken(LogStore.Leaf leaf, String reason, String detail) {
        return new Result(leaf.leafIndex(), leaf.seq(), null, reason, detail);
    }

    /**
     * The first query column that differs from the field of the leaf data it copies (a field that is absent or not
     * a string counts as null), or null when all agree. Event ids compare without case (a uuid column prints lower
     * case), the event time as an instant.
     */
    static String mismatchedColumn(byte[] data, LogStore.QueryColumns columns) {
        String[] fields;
        try {
            fields = fields(data);
        } catch (IOException e) {
            return "body (not JSON)";
        }
        if (fields == null) {
            return "body (not a JSON object)";
        }
        String[] stored = {columns.eventId(), null, columns.eventName(), columns.phase(), columns.outcome(),
            columns.requestId(), columns.userName(), columns.instanceId(), columns.approvalId(), columns.errorCode(),
            columns.intentEventId()};
        for (int i = 0; i < FIELDS.length; i++) {
            boolean same = switch (i) {
                case EVENT_TIME -> sameInstant(fields[i], columns.eventTimeMicros());
                case EVENT_ID, INTENT_EVENT_ID -> fields[i] == null ? stored[i] == null
                        : fields[i].equalsIgnoreCase(stored[i]);
                default -> Objects.equals(fields[i], stored[i]);
            };
            if (!same) {
                return FIELDS[i];
            }
        }
        return null;
    }

    /**
     * The string values of {@link #FIELDS} in the JSON object (userName inside userIdentity), null for a field
     * absent or not a string; a field given twice counts as its last value. Null when the data is not an object.
     */
    private static String[] fields(byte[] data) throws IOException {
        String[] fields = new String[FIELDS.length];
        try (JsonParser parser = JSON.createParser(data)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("userIdentity")) {
                    fields[USER_NAME] = value == JsonToken.START_OBJECT ? userName(parser) : null;
                    parser.skipChildren();
                    continue;
                }
                int index = index(name);
                if (index >= 0 && index != USER_NAME) {
                    fields[index] = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
        }
        return fields;
    }

    /** The userName string of the object the parser is at the start of; the parser ends at its end. */
    private static String userName(JsonParser parser) throws IOException {
        String userName = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("userName")) {
                userName = value == JsonToken.VALUE_STRING ? parser.getText() : null;
            }
            parser.skipChildren();
        }
        return userName;
    }

    private static int index(String name) {
        for (int i = 0; i < FIELDS.length; i++) {
            if (FIELDS[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether the text is an ISO 8601 instant equal to {@code micros} microseconds since the epoch. Events carry
     * Instant.toString's text, so comparing with that text is enough for nearly all; any other text is parsed.
     */
    static boolean sameInstant(String text, long micros) {
        if (text == null) {
            return false;
        }
        Instant column = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
        if (text.equals(column.toString())) {
            return true;
        }
        try {
            return Instant.parse(text).equals(column);
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
