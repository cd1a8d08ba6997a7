-- An account's standing (moderation, issue 12): suspended or limited until a time ('infinity': for good). A time in
-- the past means the sanction ended by itself, so nothing has to run when it ends. Written by UserGrain through
-- AccountStore, with its audit_log row. Lists that join accounts for display names leave out suspended authors
-- (and, in discovery, limited ones) with these columns.
ALTER TABLE accounts ADD COLUMN suspended_until timestamptz NULL;
ALTER TABLE accounts ADD COLUMN limited_until timestamptz NULL;

-- The admin users console searches username, email and display name by substring; display_name is the profile's,
-- copied here by the user grain whenever it changes (the profile itself is the grain's state).
ALTER TABLE accounts ADD COLUMN display_name text NULL;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX accounts_search_trgm ON accounts
    USING gin ((lower(username::text) || ' ' || lower(email::text) || ' ' || lower(coalesce(display_name, ''))) gin_trgm_ops);
CREATE INDEX accounts_by_created ON accounts (created_at DESC, id DESC);
