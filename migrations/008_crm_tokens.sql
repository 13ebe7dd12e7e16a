-- Issue #13, provider connectors.
--
-- Salesforce access tokens obtained with the OAuth 2.0 client credentials flow, one per
-- integration, shared by every worker process (`bcos serve`, `bcos worker`): a token fetched by
-- one is used by all until Salesforce answers 401, then one of them fetches the next. The token
-- is sealed with SecretBox like the integration's other secrets. `credential_fingerprint` is a
-- SHA-256 of the My Domain, client_id and client_secret it was issued for: a token issued for
-- other credentials is never used.
CREATE TABLE crm_access_tokens (
    crm_integration_id uuid PRIMARY KEY REFERENCES crm_integrations(id) ON DELETE CASCADE,
    credential_fingerprint text NOT NULL,
    access_token text NOT NULL,
    issued_at timestamptz NOT NULL DEFAULT NOW()
);

-- HubSpot contact property names read by the last connection test: a cache for the mapping
-- page's target suggestions, outside `config` so that saving the integration form never drops it.
ALTER TABLE crm_integrations
    ADD COLUMN property_names jsonb,
    ADD COLUMN property_names_at timestamptz;
