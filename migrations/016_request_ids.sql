-- #16: the request id (X-Request-Id) of the request that queued a CRM delivery, so the delivery
-- worker's log lines carry the same `request_id` as the visitor's request. Nullable: rows queued
-- before this migration, and those of an admin's status change, have none (a manual retry keeps
-- the row's).
ALTER TABLE crm_logs ADD COLUMN request_id TEXT CHECK (length(request_id) BETWEEN 1 AND 128);

-- "Which deliveries did this request cause?" (an operator answering a visitor's complaint).
CREATE INDEX crm_logs_request_id ON crm_logs (request_id) WHERE request_id IS NOT NULL;
