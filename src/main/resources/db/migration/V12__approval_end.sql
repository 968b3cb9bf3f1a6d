-- An approval can be taken back before it is used: revoked by someone allowed to (RevokeApproval) or cancelled by its
-- requester (CancelApproval). Who ended it, when and why are kept on the approval.

ALTER TABLE approval DROP CONSTRAINT approval_status_check;
ALTER TABLE approval ADD CONSTRAINT approval_status_check
    CHECK (status IN ('Pending', 'Approved', 'Rejected', 'Reserved', 'Consumed', 'Revoked', 'Cancelled'));
ALTER TABLE approval ADD COLUMN ended_by text;
ALTER TABLE approval ADD COLUMN ended_at timestamptz;
ALTER TABLE approval ADD COLUMN end_comment text;
