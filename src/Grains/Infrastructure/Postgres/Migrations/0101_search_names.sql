-- Search for accounts and hashtags (issue 13), and the typeahead over both.
--
-- Accounts are found by username and display name (never by email): a trigram index on the two serves substring,
-- prefix and "did you mean" similarity. Users' table, read by Search's SearchAccountsReadModel.
CREATE INDEX accounts_name_trgm ON accounts USING gin ((lower(username::text || ' ' || coalesce(display_name, ''))) gin_trgm_ops);

-- How many findable posts (public, not held or removed) carry each hashtag, kept by SearchStore with each document in
-- the same transaction. The C collation makes "starts with" an index range; the id gives pages a keyset.
CREATE TABLE search_hashtags (
    tag  text COLLATE "C" PRIMARY KEY,
    id   uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    uses int NOT NULL DEFAULT 0 CHECK (uses >= 0)
);
INSERT INTO search_hashtags (tag, uses)
SELECT t, count(*) FROM search_documents d, unnest(d.tags) AS t WHERE d.visibility = 'public' AND NOT d.hidden GROUP BY t;

-- A typed name's first letters: too short for trigrams, a prefix range of usernames instead.
CREATE INDEX accounts_username_prefix ON accounts (lower(username::text) text_pattern_ops);
