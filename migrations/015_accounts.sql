-- #15: accounts managed from the back office — invitations, password resets, the second step
-- of a two-factor sign-in — and TOTP (RFC 6238) per account.

-- One-time links and the pending second step of a sign-in. Only the SHA-256 of the random token
-- is stored (the link holds the token): a database leak yields no usable link.
CREATE TABLE admin_tokens (
  token_hash TEXT PRIMARY KEY,
  purpose TEXT NOT NULL CHECK (purpose IN ('invitation', 'reset', 'second_factor')),
  email TEXT NOT NULL,
  admin_user_id UUID REFERENCES admin_users(id) ON DELETE CASCADE,
  -- An invitation's account, as the inviting admin chose it.
  role TEXT CHECK (role IN ('admin', 'editor', 'sales')),
  display_name TEXT,
  created_by UUID REFERENCES admin_users(id) ON DELETE SET NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  used_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX admin_tokens_user ON admin_tokens (admin_user_id, purpose, created_at);

-- TOTP: the secret sealed with SECRET_KEY (like CRM secrets), when it was turned on, and the
-- last time step accepted (a code is good once).
ALTER TABLE admin_users ADD COLUMN totp_secret TEXT;
ALTER TABLE admin_users ADD COLUMN totp_enabled_at TIMESTAMPTZ;
ALTER TABLE admin_users ADD COLUMN totp_last_counter BIGINT;

-- Recovery codes, shown once; only their SHA-256 is kept.
CREATE TABLE admin_recovery_codes (
  admin_user_id UUID NOT NULL REFERENCES admin_users(id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  used_at TIMESTAMPTZ,
  PRIMARY KEY (admin_user_id, code_hash)
);
