-- Search that finds normal spellings (issue #16): French accents and case ignored (`qualite`
-- finds « Qualité »), Arabic normalised (alef forms, ة/ه, ى/ي, tatweel and diacritics, so `ادارة`
-- finds « إدارة » and `الجوده` finds « الجودة »). The same function normalises the text searched
-- and the query, in PostgreSQL, with trigram indexes so it scales.
--
-- unaccent and pg_trgm ship with PostgreSQL (contrib) and are trusted extensions: the database
-- owner can create them without superuser rights.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- IMMUTABLE (unaccent itself is only STABLE because its dictionary could change): naming the
-- dictionary explicitly is the documented way to index it.
CREATE FUNCTION bcos_search_text(input TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT regexp_replace(
           translate(lower(public.unaccent('public.unaccent'::regdictionary, COALESCE(input, ''))), 'أإآٱىةـ', 'اااايه'),
           '[\u064B-\u065F\u0670]', '', 'g')
$$;

CREATE INDEX idx_formations_search_title_fr ON formations USING gin (bcos_search_text(title_fr) gin_trgm_ops);
CREATE INDEX idx_formations_search_title_ar ON formations USING gin (bcos_search_text(title_ar) gin_trgm_ops);
CREATE INDEX idx_formations_search_description_fr ON formations USING gin (bcos_search_text(description_fr) gin_trgm_ops);
CREATE INDEX idx_formations_search_description_ar ON formations USING gin (bcos_search_text(description_ar) gin_trgm_ops);
