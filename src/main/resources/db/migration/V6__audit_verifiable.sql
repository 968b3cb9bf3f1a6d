-- The verifiable audit trail: signed checkpoints of the chain head, and the indexes of LookupEvents and of the
-- reconciliation of in-doubt changes. Like audit_event, audit_checkpoint is append-only in the database.

-- One signed statement "the chain's event at seq had this hash at this time", by the function's Ed25519 key.
-- The signed bytes are defined in io.tdeguard.audit.chain.Checkpoint; checkpoint_time is signed at millisecond
-- precision, so it is stored as given.
CREATE TABLE audit_checkpoint (
    checkpoint_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    seq             bigint      NOT NULL CHECK (seq >= 1),
    hash            text        NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
    checkpoint_time timestamptz NOT NULL,
    key_id          text        NOT NULL,
    signature       text        NOT NULL
);
CREATE INDEX audit_checkpoint_seq ON audit_checkpoint (seq, checkpoint_id);

-- One refusal for every append-only table of the trail (audit_event keeps its own function from V3).
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- LookupEvents: newest first by (event_time, seq) within a time range, under one equality filter; V3 has the
-- unfiltered one (audit_event_time) and the instance one.
CREATE INDEX audit_event_user_time ON audit_event (user_name, event_time DESC, seq DESC);
CREATE INDEX audit_event_name_time ON audit_event (event_name, event_time DESC, seq DESC);
CREATE INDEX audit_event_outcome_time ON audit_event (outcome, event_time DESC, seq DESC);
CREATE INDEX audit_event_approval_time ON audit_event (approval_id, event_time DESC, seq DESC)
    WHERE approval_id IS NOT NULL;
CREATE INDEX audit_event_request ON audit_event (request_id, seq DESC);

-- Reconciliation: intents by age, and the outcomes that refer to an intent.
CREATE INDEX audit_event_intents ON audit_event (event_time) WHERE phase = 'intent';
CREATE INDEX audit_event_outcomes_of ON audit_event (intent_event_id) WHERE intent_event_id IS NOT NULL;

-- Where the application role of deploy/db/roles.sql already exists, take back what its default privileges gave it
-- on the audit tables: it may only INSERT and SELECT them.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'tdeguard_app') THEN
        REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_event, audit_checkpoint FROM tdeguard_app;
    END IF;
END
$$;
