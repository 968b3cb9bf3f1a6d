-- Audit log v2: a Merkle transparency log (RFC 6962) kept in PostgreSQL as C2SP tlog-tiles hash tiles, with
-- signed C2SP checkpoints. DESIGN.md §1 and §4; io.tdeguard.audit.tlog for the formats.
--
-- A request's transaction stores its event without any global lock: the row's seq comes from a sequence, and its
-- body (the leaf: the event's exact canonical JSON) carries a tag, HMAC-SHA256 under a key that is not in the
-- database (tag_key_id names which). The event also enters the queue audit_pending. The sequencer (one at a time,
-- an advisory lock) takes waiting events in seq order, checks their tags, gives each a leaf index (audit_leaf),
-- writes the hash tiles that changed (audit_tile) and stores a signed checkpoint (audit_tree_head).
-- Events of the v1 hash chain keep their prev_hash and hash; v2 events have neither.

CREATE SEQUENCE audit_event_seq;
SELECT setval('audit_event_seq', COALESCE((SELECT MAX(seq) FROM audit_event), 0) + 1, false);
ALTER TABLE audit_event ALTER COLUMN seq SET DEFAULT nextval('audit_event_seq');
ALTER SEQUENCE audit_event_seq OWNED BY audit_event.seq;
ALTER TABLE audit_event ALTER COLUMN prev_hash DROP NOT NULL;
ALTER TABLE audit_event ALTER COLUMN hash DROP NOT NULL;
ALTER TABLE audit_event ADD COLUMN tag text;
ALTER TABLE audit_event ADD COLUMN tag_key_id text;
ALTER TABLE audit_event ADD CONSTRAINT audit_event_v1_or_v2
    CHECK ((hash IS NOT NULL AND prev_hash IS NOT NULL) OR (tag IS NOT NULL AND tag_key_id IS NOT NULL));

-- Events waiting for the sequencer: a work queue, the only audit table rows leave (when integrated or refused).
CREATE TABLE audit_pending (
    seq bigint PRIMARY KEY
);

-- The log's leaves: leaf_index -> the event (its body is the leaf). Append-only.
CREATE TABLE audit_leaf (
    leaf_index bigint PRIMARY KEY CHECK (leaf_index >= 0),
    seq        bigint NOT NULL UNIQUE
);

-- Hash tiles (C2SP tlog-tiles, height 8): level, index, width and the width·32 bytes of hashes. Each version of a
-- partial tile is a row of its own (a tile is never rewritten), so the table is append-only like the others.
CREATE TABLE audit_tile (
    level  smallint NOT NULL CHECK (level BETWEEN 0 AND 7),
    idx    bigint   NOT NULL CHECK (idx >= 0),
    width  smallint NOT NULL CHECK (width BETWEEN 1 AND 256),
    hashes bytea    NOT NULL CHECK (length(hashes) = 32 * width),
    PRIMARY KEY (level, idx, width)
);

-- Signed checkpoints (C2SP tlog-checkpoint as a C2SP signed note), one per integrated batch. Append-only.
CREATE TABLE audit_tree_head (
    tree_size  bigint      PRIMARY KEY CHECK (tree_size >= 0),
    root_hash  bytea       NOT NULL CHECK (length(root_hash) = 32),
    note       text        NOT NULL,
    signed_at  timestamptz NOT NULL
);

CREATE TRIGGER audit_leaf_no_update BEFORE UPDATE ON audit_leaf
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_leaf_no_delete BEFORE DELETE ON audit_leaf
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_leaf_no_truncate BEFORE TRUNCATE ON audit_leaf
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_tile_no_update BEFORE UPDATE ON audit_tile
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_tile_no_delete BEFORE DELETE ON audit_tile
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_tile_no_truncate BEFORE TRUNCATE ON audit_tile
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_tree_head_no_update BEFORE UPDATE ON audit_tree_head
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_tree_head_no_delete BEFORE DELETE ON audit_tree_head
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_tree_head_no_truncate BEFORE TRUNCATE ON audit_tree_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'tdeguard_app') THEN
        REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_leaf, audit_tile, audit_tree_head FROM tdeguard_app;
        REVOKE UPDATE, TRUNCATE, REFERENCES, TRIGGER ON audit_pending FROM tdeguard_app;
    END IF;
END
$$;
