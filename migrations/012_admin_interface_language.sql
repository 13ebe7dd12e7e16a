-- #16: each admin chooses the language of the back office's own chrome (header, navigation,
-- sign-out): French by default, Arabic right to left.
ALTER TABLE admin_users ADD COLUMN interface_language TEXT NOT NULL DEFAULT 'fr'
  CHECK (interface_language IN ('fr', 'ar'));
