-- bench/page-throughput/seed.sql — turns the demo database (10 demo courses: 9 published and one
-- draft with the default form) into 200 published courses for the page-throughput benchmark.
--
-- Run it only against the benchmark's own database (run.sh creates one in a throwaway cluster),
-- after `bcos serve --demo` has loaded the demo data; never against a developer's .data cluster.
--
-- The 191 copies cycle through the 10 demo courses (19 or 20 copies each), keep every column
-- as it is — texts in both languages, program and content HTML, objectives, prices, category,
-- enrollment form (the draft's copies get the default form) — and differ only in id and slug
-- (`<demo slug>-copy-<n>`). Copies are published and active.
--
-- Each copy also gets its original's sessions (formation_sessions, migration 011: same dates,
-- places, languages, seats, prices and statuses, the past one included) with the enrollments that
-- hold or wait for their seats, so that its page lists the same upcoming sessions with the same
-- seats left ("Complet" included) as its original's: as in the demo data, 6 of the 9 published
-- demo courses have sessions (…f2, …f3, …f4, …f5, …f8, …f9), so 120 of the 200 courses do.
-- Copied rows get ids derived from the copy's and the original's (md5), which keeps the
-- enrollments on the copied sessions. Idempotent: a second run adds nothing.

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

-- The copies' sessions: each copy (`<demo slug>-copy-<n>`) gets every session of its original.
INSERT INTO formation_sessions (id, formation_id, starts_at, ends_on, city, address, online_url, language, seats, price_ht, status)
SELECT md5(copy.id::text || s.id::text)::uuid, copy.id,
       s.starts_at, s.ends_on, s.city, s.address, s.online_url, s.language, s.seats, s.price_ht, s.status
FROM formations demo
JOIN formations copy ON copy.slug ~ ('^' || demo.slug || '-copy-[0-9]+$')
JOIN formation_sessions s ON s.formation_id = demo.id
WHERE demo.id BETWEEN '00000000-0000-4000-8000-0000000000f1' AND '00000000-0000-4000-8000-0000000000fa'
ON CONFLICT (id) DO NOTHING;

-- Their enrollments: the same people and statuses on the copied sessions, so the seats taken and
-- the waitlist are the original's (SessionRepository counts them per session on every page).
INSERT INTO enrollments (formation_id, session_id, full_name, email, phone, company, status, source, language_preference,
                         enrollment_date, created_at)
SELECT copy.id, md5(copy.id::text || e.session_id::text)::uuid, e.full_name, e.email, e.phone, e.company, e.status, e.source,
       e.language_preference, e.enrollment_date, e.created_at
FROM formations demo
JOIN formations copy ON copy.slug ~ ('^' || demo.slug || '-copy-[0-9]+$')
JOIN enrollments e ON e.formation_id = demo.id AND e.session_id IS NOT NULL
WHERE demo.id BETWEEN '00000000-0000-4000-8000-0000000000f1' AND '00000000-0000-4000-8000-0000000000fa'
  AND NOT EXISTS (SELECT 1 FROM enrollments mine WHERE mine.formation_id = copy.id);

-- Exactly 200 visible courses, or the benchmark's slug list would not match its description.
DO $$
DECLARE visible integer;
BEGIN
  SELECT count(*) INTO visible FROM formations WHERE is_published AND is_active;
  IF visible <> 200 THEN
    RAISE EXCEPTION 'expected 200 published courses after seeding, found %', visible;
  END IF;
  -- Every copy has as many sessions and session enrollments as its original.
  IF EXISTS (
    SELECT 1 FROM formations demo
    JOIN formations copy ON copy.slug ~ ('^' || demo.slug || '-copy-[0-9]+$')
    WHERE demo.id BETWEEN '00000000-0000-4000-8000-0000000000f1' AND '00000000-0000-4000-8000-0000000000fa'
      AND ((SELECT count(*) FROM formation_sessions s WHERE s.formation_id = demo.id)
             <> (SELECT count(*) FROM formation_sessions s WHERE s.formation_id = copy.id)
        OR (SELECT count(*) FROM enrollments e WHERE e.formation_id = demo.id AND e.session_id IS NOT NULL)
             <> (SELECT count(*) FROM enrollments e WHERE e.formation_id = copy.id AND e.session_id IS NOT NULL))
  ) THEN
    RAISE EXCEPTION 'a copied course does not have its original''s sessions and enrollments';
  END IF;
END $$;

COMMIT;

ANALYZE formations;
ANALYZE formation_sessions;
ANALYZE enrollments;
