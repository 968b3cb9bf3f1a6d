-- The simulated ApsaraDB for Redis service (tdeguard.tde.backend=simulator, package io.tdeguard.kvstore.simulator):
-- the instances it plays and every ModifyInstanceTDE call it received. Unused by the openapi backend.

create table sim_instance (
    instance_id       text        primary key,
    region_id         text        not null,
    engine_version    text        not null,
    supports_tde      boolean     not null,
    tde_status        text        not null default 'Disabled' check (tde_status in ('Enabled', 'Disabled')),
    encryption_name   text,
    -- null while TDE is off, and when TDE uses a service-managed key
    encryption_key_id text,
    role_arn          text,
    -- end of the last modification task; until then further calls get TaskExists
    task_ends_at      timestamptz,
    -- test fixture: a network failure to play on the next ModifyInstanceTDE call
    next_call_fault   text        check (next_call_fault in ('REQUEST_LOST', 'RESPONSE_LOST')),
    check (tde_status = 'Enabled' or (encryption_name is null and encryption_key_id is null and role_arn is null))
);

create table sim_tde_call (
    id                 bigint      generated always as identity primary key,
    received_at        timestamptz not null,
    backend_request_id text        not null unique,
    -- parameters as received: the instance id may be malformed or unknown, hence no foreign key
    instance_id        text,
    region_id          text,
    tde_status         text,
    encryption_name    text,
    encryption_key     text,
    role_arn           text,
    accepted           boolean     not null,
    -- whether this call turned TDE on
    changed            boolean     not null,
    -- the Alibaba error code answered, null when accepted
    error_code         text,
    -- the caller got a timeout instead of the answer
    response_lost      boolean     not null,
    check (accepted = (error_code is null)),
    check (accepted or not changed)
);

create index sim_tde_call_instance_id_idx on sim_tde_call (instance_id);
