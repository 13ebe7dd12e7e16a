-- 006_enrollment_integrity.sql
--
-- Enrollments are never lost and never silently dropped (issue #12):
--
--   * answers_fingerprint: SHA-256 (hex) of the validated answers. The same form token with the
--     same answers is one enrollment (a double click, back and resubmit); the same token with
--     other answers (back, then enrolling a colleague) is a new one. So uniqueness moves from the
--     token alone to (token, fingerprint). This unique index is also the arbiter of
--     INSERT ... ON CONFLICT (submission_token, answers_fingerprint), and how the server finds
--     out whether a COMMIT that got no answer was stored. Rows from before this migration have
--     no fingerprint (NULL, never equal to anything), so they cannot block a new enrollment.
--   * client_address_hash: a keyed hash (HMAC with SECRET_KEY) of the client address, not the
--     address itself. Counting an address's recent enrollments is the shared, per-address rate
--     limit of every instance; the partial index serves exactly that count.
--
-- submission_token stays TEXT (no length limit in the column): the signed tokens are 76
-- characters and the server refuses any other shape before it reaches the database.
--
-- Runs once, in its own transaction (see README.md). Never edit this file once applied.

ALTER TABLE enrollments
  ADD COLUMN answers_fingerprint TEXT,
  ADD COLUMN client_address_hash TEXT;

-- The UNIQUE of 003 (submission_token alone) would refuse the colleague's enrollment.
ALTER TABLE enrollments DROP CONSTRAINT enrollments_submission_token_key;

CREATE UNIQUE INDEX enrollments_submission_token_fingerprint_key ON enrollments (submission_token, answers_fingerprint);

CREATE INDEX idx_enrollments_client_address_recent ON enrollments (client_address_hash, created_at)
  WHERE client_address_hash IS NOT NULL;
