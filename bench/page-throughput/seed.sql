-- bench/page-throughput/seed.sql — turns the demo database (10 demo courses: 9 published and one
-- draft with the default form) into 200 published courses for the page-throughput benchmark.
--
-- Run it only against the benchmark's own database (run.sh creates one in a throwaway cluster),
-- after `bcos serve --demo` has loaded the demo data; never against a developer's .data cluster.
--
-- The 191 copies cycle through the 10 demo courses (19 or 20 copies each), keep every column
-- as it is — texts in both languages, program and content HTML, objectives, prices, category,
-- enrollment form (the draft's copies get the default form) — and differ only in id and slug
-- (`<demo slug>-copy-<n>`). Copies are published and active. Idempotent: a second run adds nothing.

BEGIN;

INSERT INTO formations (
  slug, reference, category_id,
  title, description, content,
  title_fr, title_ar,
  description_fr, description_ar,
  content_fr, content_ar,
  objectives_fr, objectives_ar,
  prerequisites_fr, prerequisites_ar,
  program_fr, program_ar,
  target_audience_fr, target_audience_ar,
  price, price_ht, vat_rate, price_ttc, currency,
  duration, level, max_participants, tags, cover_image_url,
  is_published, is_online, is_popular, is_active,
  inscription_form_fields, inscription_form_template
)
SELECT
  demo.slug || '-copy-' || n, demo.reference, demo.category_id,
  demo.title, demo.description, demo.content,
  demo.title_fr, demo.title_ar,
  demo.description_fr, demo.description_ar,
  demo.content_fr, demo.content_ar,
  demo.objectives_fr, demo.objectives_ar,
  demo.prerequisites_fr, demo.prerequisites_ar,
  demo.program_fr, demo.program_ar,
  demo.target_audience_fr, demo.target_audience_ar,
  demo.price, demo.price_ht, demo.vat_rate, demo.price_ttc, demo.currency,
  demo.duration, demo.level, demo.max_participants, demo.tags, demo.cover_image_url,
  true, demo.is_online, false, true,
  demo.inscription_form_fields, demo.inscription_form_template
FROM generate_series(1, 191) AS n
JOIN (
  SELECT f.*, row_number() OVER (ORDER BY f.id) - 1 AS position
  FROM formations f
  WHERE f.id BETWEEN '00000000-0000-4000-8000-0000000000f1' AND '00000000-0000-4000-8000-0000000000fa'
) demo ON demo.position = (n - 1) % 10
ON CONFLICT (slug) DO NOTHING;

-- Exactly 200 visible courses, or the benchmark's slug list would not match its description.
DO $$
DECLARE visible integer;
BEGIN
  SELECT count(*) INTO visible FROM formations WHERE is_published AND is_active;
  IF visible <> 200 THEN
    RAISE EXCEPTION 'expected 200 published courses after seeding, found %', visible;
  END IF;
END $$;

COMMIT;

ANALYZE formations;
