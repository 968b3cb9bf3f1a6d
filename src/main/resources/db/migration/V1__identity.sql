-- RAM-style identities: users, groups, AccessKeys, policies and their attachments.

CREATE TABLE ram_user (
    id           bigserial PRIMARY KEY,
    user_name    text        NOT NULL UNIQUE,
    display_name text,
    created_at   timestamptz NOT NULL
);

CREATE TABLE ram_group (
    id         bigserial PRIMARY KEY,
    group_name text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL
);

CREATE TABLE group_membership (
    group_id bigint NOT NULL REFERENCES ram_group (id),
    user_id  bigint NOT NULL REFERENCES ram_user (id),
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_membership_user ON group_membership (user_id);

-- The secret is AES-GCM encrypted with tdeguard.secrets.encryption-key; the AccessKeyId is its associated data.
CREATE TABLE access_key (
    access_key_id     text PRIMARY KEY,
    user_id           bigint      NOT NULL REFERENCES ram_user (id),
    secret_ciphertext bytea       NOT NULL,
    status            text        NOT NULL CHECK (status IN ('Active', 'Inactive')),
    created_at        timestamptz NOT NULL
);
CREATE INDEX access_key_user ON access_key (user_id);

CREATE TABLE ram_policy (
    id              bigserial PRIMARY KEY,
    policy_name     text        NOT NULL UNIQUE,
    description     text,
    policy_document text        NOT NULL,
    default_version integer     NOT NULL,
    created_at      timestamptz NOT NULL
);

CREATE TABLE policy_attachment (
    policy_id      bigint NOT NULL REFERENCES ram_policy (id),
    principal_type text   NOT NULL CHECK (principal_type IN ('User', 'Group')),
    principal_id   bigint NOT NULL,
    PRIMARY KEY (policy_id, principal_type, principal_id)
);
CREATE INDEX policy_attachment_principal ON policy_attachment (principal_type, principal_id);

-- Nonces of accepted signatures, kept for the timestamp window so that a replay is refused.
CREATE TABLE signature_nonce (
    nonce         text PRIMARY KEY,
    access_key_id text        NOT NULL,
    expires_at    timestamptz NOT NULL
);
CREATE INDEX signature_nonce_expiry ON signature_nonce (expires_at);
