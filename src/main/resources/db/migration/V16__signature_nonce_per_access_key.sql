-- A nonce is spent per AccessKey, as a signature is: one caller's nonce no longer refuses another caller's request
-- that happens to carry the same one (a caller who sees or guesses another's nonces could make their calls fail).
ALTER TABLE signature_nonce DROP CONSTRAINT signature_nonce_pkey;
ALTER TABLE signature_nonce ADD PRIMARY KEY (access_key_id, nonce);
