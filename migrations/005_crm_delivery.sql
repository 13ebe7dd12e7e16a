-- 005_crm_delivery.sql
--
-- What the delivery worker needs on top of the seed's CRM schema (002).
--
-- crm_logs states, as the seed uses them:
--   pending                                  new, due at created_at (or next_retry_at when set)
--   failed, next_retry_at set                waiting for an automatic retry at next_retry_at
--   failed, next_retry_at NULL               gave up (retries used up, or a permanent error):
--                                            shown in /admin/crm/retry for a manual retry
--   success                                  delivered
-- A worker that claims a row sets locked_until (a lease longer than the delivery's timeout) and
-- locked_by; a crash leaves the lease to expire and another worker takes the row again, so
-- nothing pending is lost and no row is delivered by two workers at the same time.
--
-- Runs once, in its own transaction (see README.md). Never edit this file once applied.

ALTER TABLE crm_logs
  ADD COLUMN locked_until TIMESTAMPTZ,
  ADD COLUMN locked_by TEXT,
  -- When the last attempt ended, and the HTTP status it got (NULL for SMTP or transport errors).
  ADD COLUMN attempted_at TIMESTAMPTZ,
  ADD COLUMN response_status INTEGER,
  -- True for rows created by "test connection" (never retried, never counted as deliveries).
  ADD COLUMN is_test BOOLEAN NOT NULL DEFAULT false;

-- The worker's claim: due rows in due order.
CREATE INDEX idx_crm_logs_due ON crm_logs ((COALESCE(next_retry_at, created_at)))
  WHERE status = 'pending' OR (status = 'failed' AND next_retry_at IS NOT NULL);

-- Why an integration was switched off by the worker (e.g. the webhook answered 410 Gone).
ALTER TABLE crm_integrations
  ADD COLUMN disabled_reason TEXT,
  ADD COLUMN test_message TEXT;

-- Wake the workers as soon as new work is committed (LISTEN crm_outbox). NOTIFY inside a
-- transaction is delivered at commit, so a worker never sees a row before it exists.
CREATE FUNCTION notify_crm_outbox() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('crm_outbox', '');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER trigger_crm_logs_notify
AFTER INSERT ON crm_logs
FOR EACH STATEMENT EXECUTE FUNCTION notify_crm_outbox();
