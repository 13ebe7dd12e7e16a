-- Legal pages and the consent given with each enrollment (issue "Privacy and the team").

-- The four legal pages, one row each, created here so that the editor only ever updates. Bodies
-- are HTML that passed the app's sanitizer (like course content); the contact fields are used by
-- the contact page only (its phone, e-mail and WhatsApp number also appear in every footer).
-- `version` goes up by one on every save: an enrollment's consent names the privacy policy's
-- version it was given under. 0 means never written (the page answers 404).
CREATE TABLE legal_pages (
  slug TEXT PRIMARY KEY CHECK (slug IN ('mentions-legales', 'confidentialite', 'cgv', 'contact')),
  title_fr TEXT NOT NULL DEFAULT '',
  title_ar TEXT NOT NULL DEFAULT '',
  body_fr TEXT NOT NULL DEFAULT '',
  body_ar TEXT NOT NULL DEFAULT '',
  address_fr TEXT NOT NULL DEFAULT '',
  address_ar TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  whatsapp TEXT NOT NULL DEFAULT '',
  map_url TEXT NOT NULL DEFAULT '',
  hours_fr TEXT NOT NULL DEFAULT '',
  hours_ar TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TRIGGER trigger_legal_pages_updated_at BEFORE UPDATE ON legal_pages
FOR EACH ROW EXECUTE FUNCTION update_updated_at();

INSERT INTO legal_pages (slug, title_fr, title_ar) VALUES
  ('mentions-legales', 'Mentions légales', 'الإشعار القانوني'),
  ('confidentialite', 'Politique de confidentialité', 'سياسة الخصوصية'),
  ('cgv', 'Conditions générales de vente', 'الشروط العامة للبيع'),
  ('contact', 'Contact', 'اتصل بنا');

-- The consent box ticked with an enrollment: its wording as the visitor read it (their
-- language, links as text), when, and the privacy policy's version at that moment. NULL for
-- enrollments made before this migration or through a form without a consent box.
ALTER TABLE enrollments
  ADD COLUMN consent_text TEXT,
  ADD COLUMN consent_at TIMESTAMPTZ,
  ADD COLUMN consent_version INTEGER;
