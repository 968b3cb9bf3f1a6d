-- The audit trail: append-only, hash-chained ActionTrail-shaped events.
-- body is the canonical JSON (RFC 8785) that the hash covers; the other columns are copies for queries.

CREATE TABLE audit_event (
    seq             bigint PRIMARY KEY,
    event_id        uuid        NOT NULL UNIQUE,
    event_time      timestamptz NOT NULL,
    event_name      text        NOT NULL,
    phase           text        NOT NULL CHECK (phase IN ('single', 'intent', 'outcome')),
    outcome         text        NOT NULL
        CHECK (outcome IN ('Allowed', 'Succeeded', 'Denied', 'Failed', 'InDoubt')),
    request_id      text        NOT NULL,
    user_name       text,
    instance_id     text,
    approval_id     text,
    error_code      text,
    intent_event_id uuid,
    body            text        NOT NULL,
    prev_hash       text        NOT NULL,
    hash            text        NOT NULL
);
CREATE INDEX audit_event_time ON audit_event (event_time DESC, seq DESC);
CREATE INDEX audit_event_instance_time ON audit_event (instance_id, event_time DESC, seq DESC);

CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
