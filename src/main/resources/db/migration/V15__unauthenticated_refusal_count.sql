-- The counts of unauthenticated refusals answered Throttling.User (io.tdeguard.application.UnauthenticatedRefusals),
-- durable before the 429 is answered: one row per source, code and window, to which every instance adds its counts.
-- Once the window has ended, whoever runs the periodic work deletes the row and appends it as one
-- UnauthenticatedRefusals event in the same transaction. The function's role reads and writes it like its other
-- tables (deploy/db/roles.sql); it holds counts waiting to become events, never events.
CREATE TABLE unauthenticated_refusal_count (
    source_ip        text        NOT NULL,
    code             text        NOT NULL,
    window_start     timestamptz NOT NULL,
    window_end       timestamptz NOT NULL,
    refusals         bigint      NOT NULL CHECK (refusals >= 1),
    first_request_id text        NOT NULL,
    last_request_id  text        NOT NULL,
    PRIMARY KEY (source_ip, code, window_start)
);
CREATE INDEX unauthenticated_refusal_count_end ON unauthenticated_refusal_count (window_end);
