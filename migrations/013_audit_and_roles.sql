-- #15: who changed what in the back office, and what each admin account may do.

-- One row per change made in the admin (and per sign-in): who, when, what, which record.
-- actor_email is kept as written at the time, so the trail still reads after an account is
-- deleted. `summary` is French text for people; it never holds a secret's value.
CREATE TABLE audit_events (
  id BIGSERIAL PRIMARY KEY,
  at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  actor_id UUID REFERENCES admin_users(id) ON DELETE SET NULL,
  actor_email TEXT,
  -- course, session, category, legal_page, landing_page, enrollment, export, crm_integration,
  -- crm_mapping, email_template, account, sign_in
  kind TEXT NOT NULL,
  action TEXT NOT NULL,
  record_id TEXT,
  summary TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_at ON audit_events (at DESC);
CREATE INDEX audit_events_actor ON audit_events (actor_id, at DESC);
CREATE INDEX audit_events_kind ON audit_events (kind, at DESC);

-- Three roles: admin (everything), editor (catalogue and pages), sales (enrollments).
ALTER TABLE admin_users ADD COLUMN role TEXT NOT NULL DEFAULT 'admin' CHECK (role IN ('admin', 'editor', 'sales'));
