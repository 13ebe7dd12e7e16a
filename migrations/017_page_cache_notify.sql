-- #18: the rendered-page cache is told what changed, whoever changes it (this instance, another
-- one, psql, an import): every change to what a public page shows NOTIFYs `page_cache` with the
-- tags of the pages that depend on it (`PageTag` in Sources/BCOS/PageCache/PageTag.swift):
--   catalog            home, catalog pages, sitemap
--   course:<id>        the course's page and landing pages (its sessions and their seats too)
--   category:<id>      pages showing the category's name
--   all                everything (a legal page is in every footer; TRUNCATE says nothing of rows)
-- NOTIFY is sent at commit, and identical payloads of one transaction are sent once, so a bulk
-- update of one course sends one notification. A rolled-back change sends none.

CREATE FUNCTION bcos_page_cache_notify_formation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('page_cache', 'catalog,course:' || OLD.id); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('page_cache', 'catalog,course:' || NEW.id); END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION bcos_page_cache_notify_category() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('page_cache', 'catalog,category:' || OLD.id); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('page_cache', 'catalog,category:' || NEW.id); END IF;
  RETURN NULL;
END $$;

-- Sessions and landing pages belong to a course (`formation_id`); moving one to another course
-- changes both.
CREATE FUNCTION bcos_page_cache_notify_course_part() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.formation_id IS NOT NULL THEN
    PERFORM pg_notify('page_cache', 'catalog,course:' || OLD.formation_id);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.formation_id IS NOT NULL THEN
    PERFORM pg_notify('page_cache', 'catalog,course:' || NEW.formation_id);
  END IF;
  RETURN NULL;
END $$;

-- An enrollment on a session takes or frees a seat: the course's pages show seats left. The
-- trigger fires only for enrollments with a session and only on the columns that count seats.
CREATE FUNCTION bcos_page_cache_notify_seats() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  course UUID;
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.session_id IS NOT NULL THEN
    SELECT formation_id INTO course FROM formation_sessions WHERE id = OLD.session_id;
    IF course IS NOT NULL THEN PERFORM pg_notify('page_cache', 'course:' || course); END IF;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.session_id IS NOT NULL THEN
    SELECT formation_id INTO course FROM formation_sessions WHERE id = NEW.session_id;
    IF course IS NOT NULL THEN PERFORM pg_notify('page_cache', 'course:' || course); END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION bcos_page_cache_notify_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('page_cache', 'all');
  RETURN NULL;
END $$;

CREATE TRIGGER page_cache_formations AFTER INSERT OR UPDATE OR DELETE ON formations
  FOR EACH ROW EXECUTE FUNCTION bcos_page_cache_notify_formation();
CREATE TRIGGER page_cache_categories AFTER INSERT OR UPDATE OR DELETE ON categories
  FOR EACH ROW EXECUTE FUNCTION bcos_page_cache_notify_category();
CREATE TRIGGER page_cache_sessions AFTER INSERT OR UPDATE OR DELETE ON formation_sessions
  FOR EACH ROW EXECUTE FUNCTION bcos_page_cache_notify_course_part();
CREATE TRIGGER page_cache_landing_pages AFTER INSERT OR UPDATE OR DELETE ON landing_pages
  FOR EACH ROW EXECUTE FUNCTION bcos_page_cache_notify_course_part();
CREATE TRIGGER page_cache_seats AFTER INSERT OR DELETE OR UPDATE OF status, session_id ON enrollments
  FOR EACH ROW EXECUTE FUNCTION bcos_page_cache_notify_seats();
CREATE TRIGGER page_cache_legal_pages AFTER INSERT OR UPDATE OR DELETE ON legal_pages
  FOR EACH STATEMENT EXECUTE FUNCTION bcos_page_cache_notify_all();

-- TRUNCATE fires no row trigger: every table above says "everything" when emptied.
CREATE TRIGGER page_cache_formations_truncate AFTER TRUNCATE ON formations FOR EACH STATEMENT EXECUTE FUNCTION bcos_page_cache_notify_all();
CREATE TRIGGER page_cache_categories_truncate AFTER TRUNCATE ON categories FOR EACH STATEMENT EXECUTE FUNCTION bcos_page_cache_notify_all();
CREATE TRIGGER page_cache_sessions_truncate AFTER TRUNCATE ON formation_sessions FOR EACH STATEMENT EXECUTE FUNCTION bcos_page_cache_notify_all();
CREATE TRIGGER page_cache_landing_pages_truncate AFTER TRUNCATE ON landing_pages FOR EACH STATEMENT EXECUTE FUNCTION bcos_page_cache_notify_all();
CREATE TRIGGER page_cache_enrollments_truncate AFTER TRUNCATE ON enrollments FOR EACH STATEMENT EXECUTE FUNCTION bcos_page_cache_notify_all();
CREATE TRIGGER page_cache_legal_pages_truncate AFTER TRUNCATE ON legal_pages FOR EACH STATEMENT EXECUTE FUNCTION bcos_page_cache_notify_all();
