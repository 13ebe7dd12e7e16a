-- 003_product.sql
--
-- What the product needs beyond the seed's schema: enrollment answers to custom form fields,
-- VAT rate per course, slug redirects, admin accounts and sessions, sign-in throttling, uploaded
-- images stored in PostgreSQL, and a few indexes for the admin pages.
--
-- Catalog search is plain ILIKE over titles/descriptions (no index). pg_trgm is deliberately not
-- used: contrib is not guaranteed to be installed where the app runs.
--
-- Runs once, in its own transaction (see README.md). Never edit this file once applied.

-- ---------------------------------------------------------------------------------------------
-- enrollments: what the visitor answered and the form they saw
-- ---------------------------------------------------------------------------------------------
ALTER TABLE enrollments
  -- Answers to fields that are not enrollments columns ({"laptop": true, "nb_participants": "3", ...}).
  ADD COLUMN form_data JSONB NOT NULL DEFAULT '{}',
  -- The field definitions (inscription_form_fields format) used for this submission.
  ADD COLUMN form_fields_snapshot JSONB,
  -- One-time token of the rendered form: a second submission of the same form is a duplicate.
  -- NULL for enrollments created otherwise (admin, import). The UNIQUE constraint is also the
  -- arbiter of INSERT ... ON CONFLICT (submission_token).
  ADD COLUMN submission_token TEXT UNIQUE;

-- ---------------------------------------------------------------------------------------------
-- formations: VAT rate (percent). price_ttc = price_ht * (1 + vat_rate / 100), computed by the server.
-- ---------------------------------------------------------------------------------------------
ALTER TABLE formations
  ADD COLUMN vat_rate DECIMAL(5,2) NOT NULL DEFAULT 20.00
    CONSTRAINT formations_vat_rate_check CHECK (vat_rate >= 0 AND vat_rate <= 100);

-- ---------------------------------------------------------------------------------------------
-- Old slugs of renamed courses, answered with a 301 to the current slug.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE formation_slug_redirects (
  old_slug TEXT PRIMARY KEY,
  formation_id UUID NOT NULL REFERENCES formations(id) ON DELETE CASCADE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_formation_slug_redirects_formation ON formation_slug_redirects (formation_id);

-- ---------------------------------------------------------------------------------------------
-- Admin accounts
-- ---------------------------------------------------------------------------------------------
CREATE TABLE admin_users (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  email TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  display_name TEXT,
  is_active BOOLEAN NOT NULL DEFAULT true,
  last_login_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

-- One account per address, whatever its case (also the arbiter of ON CONFLICT ((lower(email)))).
CREATE UNIQUE INDEX admin_users_email_lower_key ON admin_users (lower(email));

CREATE TRIGGER trigger_admin_users_updated_at
BEFORE UPDATE ON admin_users
FOR EACH ROW EXECUTE FUNCTION update_updated_at();

-- Sessions live in PostgreSQL so every app instance knows them. Only the SHA-256 of the cookie
-- token is stored.
CREATE TABLE admin_sessions (
  token_hash TEXT PRIMARY KEY,
  admin_user_id UUID NOT NULL REFERENCES admin_users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  last_seen_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  expires_at TIMESTAMPTZ NOT NULL,
  ip TEXT,
  user_agent TEXT
);

CREATE INDEX idx_admin_sessions_expires_at ON admin_sessions (expires_at);
CREATE INDEX idx_admin_sessions_admin_user ON admin_sessions (admin_user_id);

-- Sign-in attempts, for throttling per account and per address (shared by every instance).
CREATE TABLE login_attempts (
  id BIGSERIAL PRIMARY KEY,
  email TEXT,
  ip TEXT,
  succeeded BOOLEAN NOT NULL,
  attempted_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_login_attempts_email ON login_attempts (lower(email), attempted_at);
CREATE INDEX idx_login_attempts_ip ON login_attempts (ip, attempted_at);

-- ---------------------------------------------------------------------------------------------
-- Uploaded images (course covers). Stored in PostgreSQL so several app instances serve the same
-- files; filename is a random name, never the uploader's.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE media_files (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  filename TEXT NOT NULL UNIQUE,
  content_type TEXT NOT NULL
    CONSTRAINT media_files_content_type_check CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  byte_size INTEGER NOT NULL
    CONSTRAINT media_files_byte_size_check CHECK (byte_size >= 0),
  data BYTEA NOT NULL,
  sha256 TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  CONSTRAINT media_files_size_matches_data CHECK (byte_size = octet_length(data))
);

-- ---------------------------------------------------------------------------------------------
-- Indexes for the admin pages and foreign keys the seed left unindexed
-- ---------------------------------------------------------------------------------------------
-- CRM log viewer: newest first.
CREATE INDEX idx_crm_logs_created_at ON crm_logs (created_at);
-- Deleting an integration sets crm_logs.crm_integration_id to NULL and cascades to mappings.
CREATE INDEX idx_crm_logs_integration ON crm_logs (crm_integration_id);
CREATE INDEX idx_formation_crm_mappings_integration ON formation_crm_mappings (crm_integration_id);

-- ---------------------------------------------------------------------------------------------
-- Every course and category page is addressed by its slug: the seed leaves it nullable, the
-- product does not.
-- ---------------------------------------------------------------------------------------------
ALTER TABLE formations ALTER COLUMN slug SET NOT NULL;
ALTER TABLE categories ALTER COLUMN slug SET NOT NULL;
