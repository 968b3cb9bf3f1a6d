-- The sealed v1 hash chain's rows (those with a chain hash) by seq: VerifyAuditTrail and the sequencer ask for the
-- chain's head (MAX(seq) of them) on every run, which without this index reads the whole audit_event table.
CREATE INDEX audit_event_v1_seq ON audit_event (seq) WHERE hash IS NOT NULL;
