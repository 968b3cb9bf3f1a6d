-- TDE Guard's database roles. Run as a superuser (or a role with CREATEROLE that owns the database) on the
-- function's database: once before the first migration (it creates the roles), again after the migrate command has
-- applied the schema as tdeguard_owner (it grants on the tables the migrations created), and again after every
-- upgrade: every statement is idempotent (README, "Operations").
--
--   tdeguard_owner    owns the schema and runs the Flyway migrations (quarkus.flyway.username)
--   tdeguard_app      what the function connects as (quarkus.datasource.username): reads and writes its tables,
--                     but may only INSERT and SELECT the audit trail (audit_event, audit_checkpoint, audit_leaf,
--                     audit_tile, audit_tree_head; and DELETE from the sequencer's queue audit_pending)
--   tdeguard_auditor  may only SELECT the audit trail, e.g. for psql or an export of the auditor's own
--
-- The roles are created without LOGIN; give each a password and LOGIN (see README, "Operations"). The audit
-- tables also refuse UPDATE, DELETE and TRUNCATE by triggers, for every role, the owner included: only the owner
-- can disable those triggers (ALTER TABLE ... DISABLE TRIGGER), and the hash chain and signed checkpoints reveal
-- what it changes then.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tdeguard_owner') THEN
        CREATE ROLE tdeguard_owner NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tdeguard_app') THEN
        CREATE ROLE tdeguard_app NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tdeguard_auditor') THEN
        CREATE ROLE tdeguard_auditor NOLOGIN;
    END IF;
END
$$;

-- Nobody but the owner creates objects in the schema.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO tdeguard_owner;
GRANT USAGE ON SCHEMA public TO tdeguard_app, tdeguard_auditor;

-- The function's tables: read and write, never TRUNCATE; the sequences behind their ids. Among them the counts of
-- throttled unauthenticated refusals (unauthenticated_refusal_count, V15), which it adds to before each 429 and
-- deletes as it appends them as events: they are not part of the audit log until then.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO tdeguard_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO tdeguard_app;
REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM tdeguard_app;
-- The same for tables the owner's later migrations create (until this script runs again).
ALTER DEFAULT PRIVILEGES FOR ROLE tdeguard_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tdeguard_app;
ALTER DEFAULT PRIVILEGES FOR ROLE tdeguard_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO tdeguard_app;

-- The audit trail: the function appends and reads, nothing more; the auditor only reads it. Skipped before the
-- first migration (run the script again after it); V6 also revokes the app's UPDATE and DELETE when it runs.
DO $$
BEGIN
    IF to_regclass('public.audit_event') IS NOT NULL AND to_regclass('public.audit_checkpoint') IS NOT NULL THEN
        REVOKE ALL ON audit_event, audit_checkpoint FROM tdeguard_app;
        GRANT SELECT, INSERT ON audit_event, audit_checkpoint TO tdeguard_app;
        GRANT SELECT ON audit_event, audit_checkpoint TO tdeguard_auditor;
    END IF;
    -- The transparency log (V11): leaves, hash tiles and signed checkpoints are append-only; the queue of events
    -- waiting for the sequencer is the one audit table the function deletes from.
    IF to_regclass('public.audit_tree_head') IS NOT NULL THEN
        REVOKE ALL ON audit_leaf, audit_tile, audit_tree_head, audit_pending FROM tdeguard_app;
        GRANT SELECT, INSERT ON audit_leaf, audit_tile, audit_tree_head TO tdeguard_app;
        GRANT SELECT, INSERT, DELETE ON audit_pending TO tdeguard_app;
        GRANT SELECT ON audit_leaf, audit_tile, audit_tree_head TO tdeguard_auditor;
    END IF;
    -- The migration history is the owner's.
    IF to_regclass('public.flyway_schema_history') IS NOT NULL THEN
        REVOKE INSERT, UPDATE, DELETE ON flyway_schema_history FROM tdeguard_app;
    END IF;
END
$$;

-- The auditor reads the trail and nothing else (no AccessKey secrets, no approvals' internals).
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM tdeguard_auditor;

-- Nobody else reads or writes the function's tables.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
