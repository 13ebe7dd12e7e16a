-- 001_initial_schema.sql
--
-- The seed design document's "Existing Database Schema": categories, formations (courses),
-- enrollments and landing_pages, with the seed's column names, types and defaults.
--
-- Additions the seed leaves implicit, kept minimal:
--   * every id is UUID PRIMARY KEY DEFAULT gen_random_uuid() (core PostgreSQL since 13, no extension);
--   * enrollments.status and language_preference / landing_pages.language are CHECKed against the
--     values the seed lists in its comments; enrollments.status is also NOT NULL (an enrollment
--     always has a state in the CRM pipeline);
--   * indexes for the catalog, the admin enrollment list and the foreign keys.
--
-- updated_at is kept current by triggers created in 002_crm_integration.sql, next to the
-- update_updated_at() function the seed defines there.
--
-- Runs once, in its own transaction (see README.md). Never edit this file once applied.

-- ---------------------------------------------------------------------------------------------
-- categories
-- ---------------------------------------------------------------------------------------------
CREATE TABLE categories (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  name TEXT,
  slug TEXT UNIQUE,
  description TEXT,

  -- Bilingual
  name_fr TEXT,
  name_ar TEXT,
  description_fr TEXT,
  description_ar TEXT,

  -- Display
  icon TEXT,
  color TEXT,
  display_order INTEGER,

  -- Timestamps
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW()
);

-- ---------------------------------------------------------------------------------------------
-- formations (courses)
-- ---------------------------------------------------------------------------------------------
CREATE TABLE formations (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),

  -- Legacy fields
  title TEXT,
  slug TEXT UNIQUE,
  description TEXT,
  content TEXT,

  -- Bilingual fields
  title_fr TEXT,
  title_ar TEXT,
  description_fr TEXT,
  description_ar TEXT,
  content_fr TEXT,
  content_ar TEXT,
  objectives_fr TEXT[],
  objectives_ar TEXT[],
  prerequisites_fr TEXT,
  prerequisites_ar TEXT,
  program_fr TEXT,
  program_ar TEXT,
  target_audience_fr TEXT,
  target_audience_ar TEXT,

  -- Pricing
  price DECIMAL(10,2),
  price_ht DECIMAL(10,2),
  price_ttc DECIMAL(10,2),
  currency TEXT DEFAULT 'EUR',

  -- Metadata
  -- No ON DELETE rule in the seed: deleting a category that still has courses is refused
  -- (NO ACTION); the admin moves or deletes its courses first.
  category_id UUID REFERENCES categories(id),
  duration TEXT,
  level TEXT,
  max_participants INTEGER,
  reference TEXT,
  tags TEXT[],
  cover_image_url TEXT,

  -- Flags
  is_published BOOLEAN DEFAULT true,
  is_online BOOLEAN DEFAULT false,
  is_popular BOOLEAN DEFAULT false,
  is_active BOOLEAN DEFAULT true,

  -- Timestamps
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW()
);

CREATE INDEX idx_formations_category ON formations (category_id);
CREATE INDEX idx_formations_visible ON formations (is_published, is_active);

-- ---------------------------------------------------------------------------------------------
-- enrollments
-- ---------------------------------------------------------------------------------------------
CREATE TABLE enrollments (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  -- ON DELETE SET NULL, not CASCADE: an enrollment is a business record (a prospect, a sale,
  -- the CRM delivery log hangs off it). Deleting or replacing a course must not erase who
  -- enrolled; the enrollment stays, without its course link.
  formation_id UUID REFERENCES formations(id) ON DELETE SET NULL,
  course_id UUID, -- Legacy

  -- User info
  full_name TEXT NOT NULL,
  email TEXT NOT NULL,
  phone TEXT NOT NULL,
  company TEXT,
  position TEXT,

  -- Details
  experience_level TEXT,
  motivation TEXT,
  preferred_date TEXT,
  how_did_you_hear TEXT,
  special_requirements TEXT,

  -- Status
  status TEXT NOT NULL DEFAULT 'new'
    CONSTRAINT enrollments_status_check CHECK (status IN ('new', 'to_confirm', 'confirmed', 'cancelled')),
  source TEXT,
  language_preference TEXT
    CONSTRAINT enrollments_language_preference_check CHECK (language_preference IN ('fr', 'ar')),

  -- Notes
  notes TEXT,
  commercial_notes TEXT,

  -- Dates
  contact_date TIMESTAMPTZ,
  follow_up_date TIMESTAMPTZ,
  enrollment_date TIMESTAMPTZ DEFAULT NOW(),
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW()
);

CREATE INDEX idx_enrollments_formation ON enrollments (formation_id);
CREATE INDEX idx_enrollments_created_at ON enrollments (created_at);
CREATE INDEX idx_enrollments_status ON enrollments (status);

-- ---------------------------------------------------------------------------------------------
-- landing_pages (AI-generated)
-- ---------------------------------------------------------------------------------------------
CREATE TABLE landing_pages (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  -- A landing page only exists for its course: it goes with it.
  formation_id UUID REFERENCES formations(id) ON DELETE CASCADE,
  language TEXT
    CONSTRAINT landing_pages_language_check CHECK (language IN ('fr', 'ar')),
  title TEXT,
  meta_description TEXT,
  hero_content TEXT,
  features JSONB,
  testimonials JSONB,
  cta_text TEXT,
  seo_keywords TEXT[],
  is_active BOOLEAN DEFAULT true,
  generated_at TIMESTAMPTZ DEFAULT NOW(),
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW()
);

CREATE INDEX idx_landing_pages_formation ON landing_pages (formation_id);
