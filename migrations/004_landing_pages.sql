-- 004_landing_pages.sql
--
-- One landing page per course and language: the public address /{lang}/formations/{slug}/presentation
-- names exactly one, and the admin editor saves with INSERT ... ON CONFLICT on this pair.
-- features and testimonials are JSON arrays:
--   features:     [{"title": "…", "description": "…"}]
--   testimonials: [{"name": "…", "role": "…", "quote": "…"}]
--
-- Runs once, in its own transaction (see README.md). Never edit this file once applied.

-- Keep the most recently updated page where older data has several for one course and language.
DELETE FROM landing_pages older
USING landing_pages newer
WHERE older.formation_id = newer.formation_id
  AND older.language = newer.language
  AND (older.updated_at, older.id) < (newer.updated_at, newer.id);

CREATE UNIQUE INDEX landing_pages_formation_language ON landing_pages (formation_id, language);
