-- Reconciliation attempts that could not settle an intent: each waits longer before the next try, so that intents
-- the backend cannot answer about (a deleted instance, say) never hold back newer ones.
CREATE TABLE reconcile_attempt (
    intent_event_id uuid        PRIMARY KEY,
    attempts        integer     NOT NULL CHECK (attempts >= 1),
    next_attempt_at timestamptz NOT NULL,
    last_reason     text        NOT NULL
);
CREATE INDEX reconcile_attempt_next ON reconcile_attempt (next_attempt_at);
