-- 002_crm_integration.sql
--
-- The seed design document's "Database Schema Additions", as written there: CRM integrations,
-- course-to-CRM field mappings, the CRM activity log, the per-course enrollment form columns,
-- the three database functions and the updated_at triggers.
--
-- Deliberate differences from the seed's text (behaviour as the seed intends it):
--   * get_failed_crm_logs_for_retry qualifies its columns with a table alias (crm_logs cl). In
--     PL/pgSQL the RETURNS TABLE output names (enrollment_id, crm_integration_id, retry_count,
--     request_data) are variables too, and the seed's unqualified column references fail with
--     "column reference ... is ambiguous" as soon as the function is called. A NULL retry_count
--     counts as 0 there.
--   * This file also attaches update_updated_at() to the tables of 001 (categories, formations,
--     enrollments, landing_pages), which have updated_at in the seed but no trigger yet. They are
--     here, next to the function, rather than in 003.
--
-- Runs once, in its own transaction (see README.md). Never edit this file once applied.

-- ---------------------------------------------------------------------------------------------
-- 1. crm_integrations
-- ---------------------------------------------------------------------------------------------
-- config examples (see the seed):
--   webhook: {"endpoint": "...", "method": "POST", "headers": {...}, "timeout": 30000}
--   email:   {"to": "...", "cc": "...", "subject_template": "...", "body_template": "...", "smtp_config": {...}}
--   api:     {"provider": "hubspot", "api_key": "...", "endpoint": "..."}
CREATE TABLE crm_integrations (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  name TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL CHECK (type IN ('webhook', 'email', 'api')),
  provider TEXT, -- 'hubspot', 'salesforce', 'pipedrive', etc.
  config JSONB NOT NULL,
  is_active BOOLEAN DEFAULT true,
  last_tested_at TIMESTAMPTZ,
  test_status TEXT CHECK (test_status IN ('success', 'failed', 'pending')),
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW()
);

-- ---------------------------------------------------------------------------------------------
-- 2. formation_crm_mappings
-- ---------------------------------------------------------------------------------------------
-- field_mappings example: {"source_to_target": {"full_name": "contact.name", ...},
--                          "static_values": {"deal.pipeline": "training", ...}}
CREATE TABLE formation_crm_mappings (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  formation_id UUID REFERENCES formations(id) ON DELETE CASCADE,
  crm_integration_id UUID REFERENCES crm_integrations(id) ON DELETE CASCADE,
  field_mappings JSONB NOT NULL DEFAULT '{}',
  is_active BOOLEAN DEFAULT true,
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW(),
  UNIQUE(formation_id, crm_integration_id)
);

-- ---------------------------------------------------------------------------------------------
-- 3. crm_logs
-- ---------------------------------------------------------------------------------------------
CREATE TABLE crm_logs (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  enrollment_id UUID REFERENCES enrollments(id) ON DELETE CASCADE,
  crm_integration_id UUID REFERENCES crm_integrations(id) ON DELETE SET NULL,
  status TEXT NOT NULL CHECK (status IN ('success', 'failed', 'pending')),
  request_data JSONB,
  response_data JSONB,
  error_message TEXT,
  retry_count INTEGER DEFAULT 0,
  next_retry_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW()
);

-- Indexes for performance
CREATE INDEX idx_crm_logs_enrollment ON crm_logs(enrollment_id);
CREATE INDEX idx_crm_logs_status ON crm_logs(status);
CREATE INDEX idx_crm_logs_next_retry ON crm_logs(next_retry_at) WHERE status = 'pending';

-- ---------------------------------------------------------------------------------------------
-- 4. formations: the per-course enrollment form
-- ---------------------------------------------------------------------------------------------
-- inscription_form_fields: an array of
--   {"id", "name", "type" (text|email|phone|textarea|select|checkbox|date), "label_fr", "label_ar",
--    "required", "order", "placeholder_fr"?, "placeholder_ar"?, "options"?: [{"value","label_fr","label_ar"}]}
-- An empty array means "use the default form".
ALTER TABLE formations
ADD COLUMN IF NOT EXISTS inscription_form_fields JSONB DEFAULT '[]',
ADD COLUMN IF NOT EXISTS inscription_form_template TEXT;

-- ---------------------------------------------------------------------------------------------
-- Functions
-- ---------------------------------------------------------------------------------------------

-- 1. Active integrations mapped (actively) to a course, with their field mappings.
CREATE OR REPLACE FUNCTION get_crm_integrations_for_formation(p_formation_id UUID)
RETURNS TABLE (
  integration_id UUID,
  integration_name TEXT,
  integration_type TEXT,
  provider TEXT,
  config JSONB,
  field_mappings JSONB,
  is_active BOOLEAN
) AS $$
BEGIN
  RETURN QUERY
  SELECT
    ci.id,
    ci.name,
    ci.type,
    ci.provider,
    ci.config,
    fcm.field_mappings,
    fcm.is_active
  FROM crm_integrations ci
  INNER JOIN formation_crm_mappings fcm
    ON ci.id = fcm.crm_integration_id
  WHERE fcm.formation_id = p_formation_id
    AND ci.is_active = true
    AND fcm.is_active = true;
END;
$$ LANGUAGE plpgsql;

-- 2. Records one CRM delivery attempt; returns the new crm_logs id.
CREATE OR REPLACE FUNCTION log_crm_activity(
  p_enrollment_id UUID,
  p_crm_integration_id UUID,
  p_status TEXT,
  p_request_data JSONB,
  p_response_data JSONB,
  p_error_message TEXT DEFAULT NULL
) RETURNS UUID AS $$
DECLARE
  v_log_id UUID;
BEGIN
  INSERT INTO crm_logs (
    enrollment_id,
    crm_integration_id,
    status,
    request_data,
    response_data,
    error_message
  ) VALUES (
    p_enrollment_id,
    p_crm_integration_id,
    p_status,
    p_request_data,
    p_response_data,
    p_error_message
  ) RETURNING id INTO v_log_id;

  RETURN v_log_id;
END;
$$ LANGUAGE plpgsql;

-- 3. Failed deliveries still under the retry limit and due now, oldest first, at most 50.
--    Columns are qualified (cl.) because the output names are PL/pgSQL variables too.
CREATE OR REPLACE FUNCTION get_failed_crm_logs_for_retry(p_max_retries INTEGER DEFAULT 3)
RETURNS TABLE (
  log_id UUID,
  enrollment_id UUID,
  crm_integration_id UUID,
  retry_count INTEGER,
  request_data JSONB
) AS $$
BEGIN
  RETURN QUERY
  SELECT
    cl.id,
    cl.enrollment_id,
    cl.crm_integration_id,
    cl.retry_count,
    cl.request_data
  FROM crm_logs cl
  WHERE cl.status = 'failed'
    AND COALESCE(cl.retry_count, 0) < p_max_retries
    AND (cl.next_retry_at IS NULL OR cl.next_retry_at <= NOW())
  ORDER BY cl.created_at ASC
  LIMIT 50;
END;
$$ LANGUAGE plpgsql;

-- ---------------------------------------------------------------------------------------------
-- Triggers: auto-update timestamps
-- ---------------------------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION update_updated_at()
RETURNS TRIGGER AS $$
BEGIN
  NEW.updated_at = NOW();
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER trigger_crm_integrations_updated_at
BEFORE UPDATE ON crm_integrations
FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TRIGGER trigger_formation_crm_mappings_updated_at
BEFORE UPDATE ON formation_crm_mappings
FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TRIGGER trigger_crm_logs_updated_at
BEFORE UPDATE ON crm_logs
FOR EACH ROW EXECUTE FUNCTION update_updated_at();

-- The seed's existing tables (001) carry updated_at too.
CREATE TRIGGER trigger_categories_updated_at
BEFORE UPDATE ON categories
FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TRIGGER trigger_formations_updated_at
BEFORE UPDATE ON formations
FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TRIGGER trigger_enrollments_updated_at
BEFORE UPDATE ON enrollments
FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TRIGGER trigger_landing_pages_updated_at
BEFORE UPDATE ON landing_pages
FOR EACH ROW EXECUTE FUNCTION update_updated_at();
