-- Interests (issue 16 for ads targeting; issue 14 adds the inferred ones): a person's interests, normalised as hashtags.
-- 'picked' rows are the person's own choice (PUT /users/me/interests, weight 1); 'inferred' rows are for
-- recommendations to write with their weights. Written by InterestsGrain (one per person) only.

CREATE TABLE user_interests (
    user_id    uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    interest   text NOT NULL CHECK (length(interest) BETWEEN 1 AND 50),
    source     text NOT NULL CHECK (source IN ('picked', 'inferred')),
    weight     double precision NOT NULL CHECK (weight >= 0),
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, source, interest)
);
