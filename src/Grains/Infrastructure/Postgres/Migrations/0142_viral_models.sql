-- Viral prediction (issue 14): the viral models, versioned like recommendation_models (the newest row is the one that
-- scores; a rejected training writes no row). A table of its own rather than a kind column on recommendation_models:
-- that table belongs to Recommendations, is read by every silo's ranker check as max(version), and is created by a
-- later migration (0150). Written by ViralGrain through ViralStore. docs/architecture.md#trending.
CREATE TABLE viral_models (
    version    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trained_at timestamptz NOT NULL,
    examples   integer NOT NULL,
    metrics    jsonb NOT NULL,
    model      bytea NOT NULL
);

-- The first hour's bookmarks of an item (ViralFactsReadModel): bookmarks are keyed by user, so without this every scoring
-- would read the whole table.
CREATE INDEX bookmarks_by_content ON bookmarks (content_id, created_at);
