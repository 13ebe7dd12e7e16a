-- Course-page views per course, page and day, for the admin's conversion report (#16).
-- Counts only: no address, cookie or user agent is stored. The server adds up views in memory
-- and writes them here about once a minute (`PageViewCounter`).
CREATE TABLE course_page_views (
  formation_id UUID NOT NULL REFERENCES formations(id) ON DELETE CASCADE,
  -- 'course' (the course page) or 'landing' (its presentation page).
  page TEXT NOT NULL CHECK (page IN ('course', 'landing')),
  language TEXT NOT NULL CHECK (language IN ('fr', 'ar')),
  day DATE NOT NULL,
  views INTEGER NOT NULL DEFAULT 0 CHECK (views >= 0),
  PRIMARY KEY (formation_id, page, language, day)
);
CREATE INDEX course_page_views_day ON course_page_views (day);
