-- Recommendations (issue 14): the ranking models, versioned (the newest accepted row is the one every silo serves;
-- a rejected training writes no row), and each person's feedback on recommended items (training labels, and the next
-- page's exclusions). Written by RecommendationTrainerGrain (models) and each person's RecommendationsGrain (feedback)
-- through RecommendationStore. docs/architecture.md#recommendations.

CREATE TABLE recommendation_models (
    version    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trained_at timestamptz NOT NULL,
    examples   integer NOT NULL,
    metrics    jsonb NOT NULL,
    model      bytea NOT NULL
);

-- "Liked X also liked Y": each item's most co-engaged items (cosine of who engaged with both), computed by the accepted
-- training from the same events and replaced with its model. Serving sums them over a viewer's recent positives.
CREATE TABLE recommendation_neighbors (
    item_id     uuid NOT NULL,
    neighbor_id uuid NOT NULL,
    score       real NOT NULL,
    PRIMARY KEY (item_id, neighbor_id)
);

-- The person's newest signal on an item (a later one replaces it); author_id kept so that "not interested" hides the
-- author's items without a join.
CREATE TABLE recommendation_feedback (
    user_id    uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    item_id    uuid NOT NULL,
    author_id  uuid NOT NULL,
    signal     text NOT NULL CHECK (signal IN ('not_interested', 'see_more', 'watched', 'skipped')),
    seconds    integer CHECK (seconds >= 0),
    at         timestamptz NOT NULL,
    PRIMARY KEY (user_id, item_id)
);
CREATE INDEX recommendation_feedback_by_time ON recommendation_feedback (at);
CREATE INDEX recommendation_feedback_not_interested ON recommendation_feedback (user_id, author_id) WHERE signal = 'not_interested';

-- An interest the person removed stays removed: the inference skips it (weight 0, never shown).
ALTER TABLE user_interests DROP CONSTRAINT user_interests_source_check;
ALTER TABLE user_interests ADD CONSTRAINT user_interests_source_check CHECK (source IN ('picked', 'inferred', 'removed'));
