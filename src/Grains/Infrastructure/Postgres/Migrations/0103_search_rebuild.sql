-- Rebuilding the search index from the items' tables (issue 13): where each kind's rebuild got to, so an interrupted
-- rebuild resumes after the last item it indexed. Written by SearchStore only.
CREATE TABLE search_rebuilds (
    kind        text PRIMARY KEY,
    last_id     uuid,
    indexed     bigint NOT NULL DEFAULT 0,
    started_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
