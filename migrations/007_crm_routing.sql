-- Routing that cannot forget a course, and events beyond the first (issue #13).
--
-- An integration can apply to every course (`all_courses`) with a mapping of its own
-- (`default_mapping`); a course's row in formation_crm_mappings then overrides that mapping, and a
-- row switched off (`is_active = false`) opts the course out. Without `all_courses`, only courses
-- with an active row are sent, as before.
ALTER TABLE crm_integrations
  ADD COLUMN all_courses BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN default_mapping JSONB NOT NULL DEFAULT '{}';

-- What a delivery announces: the enrollment (`enrollment.created`) or a later change of its
-- status (`enrollment.status_changed`, with the new status in `event_data`).
ALTER TABLE crm_logs
  ADD COLUMN event TEXT NOT NULL DEFAULT 'enrollment.created'
    CHECK (event IN ('enrollment.created', 'enrollment.status_changed')),
  ADD COLUMN event_data JSONB,
  -- What the receiver's answer meant, for successes too ("Contact HubSpot créé (nouveau contact)",
  -- "doublon : fiche existante mise à jour"); error_message keeps the failures.
  ADD COLUMN outcome_message TEXT;

-- The seed's function, extended to the rule above: same name and columns, so callers keep working.
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
    CASE WHEN fcm.id IS NULL OR fcm.field_mappings IN ('{}'::jsonb, '{"source_to_target": {}, "static_values": {}}'::jsonb)
         THEN ci.default_mapping ELSE fcm.field_mappings END,
    true
  FROM crm_integrations ci
  LEFT JOIN formation_crm_mappings fcm
    ON ci.id = fcm.crm_integration_id AND fcm.formation_id = p_formation_id
  WHERE ci.is_active = true
    AND ((fcm.id IS NOT NULL AND fcm.is_active = true) OR (fcm.id IS NULL AND ci.all_courses));
END;
$$ LANGUAGE plpgsql STABLE;
