-- Approvals gate ModifyInstanceTDE: each is bound to one action, one resource and the canonical parameters.

CREATE TABLE approval (
    approval_id        text PRIMARY KEY,
    action             text        NOT NULL,
    resource_arn       text        NOT NULL,
    parameters         text        NOT NULL,
    binding_hash       text        NOT NULL,
    reason             text        NOT NULL,
    requester          text        NOT NULL,
    status             text        NOT NULL
        CHECK (status IN ('Pending', 'Approved', 'Rejected', 'Reserved', 'Consumed')),
    required_approvals integer     NOT NULL CHECK (required_approvals >= 1),
    created_at         timestamptz NOT NULL,
    expires_at         timestamptz NOT NULL,
    reserved_by        text,
    reserved_at        timestamptz,
    consumed_at        timestamptz
);
CREATE INDEX approval_binding ON approval (binding_hash, status, expires_at);

CREATE TABLE approval_decision (
    approval_id text        NOT NULL REFERENCES approval (approval_id),
    approver    text        NOT NULL,
    decision    text        NOT NULL CHECK (decision IN ('Approve', 'Reject')),
    comment     text,
    decided_at  timestamptz NOT NULL,
    PRIMARY KEY (approval_id, approver)
);
