-- Search (issue 13), the PostgreSQL engine: one document per searchable item, written only by the search indexer
-- (SearchStore), which the item domains' events keep current. Accents and case are ignored (unaccent in both
-- configurations); each text is indexed twice, stemmed for its language and as plain words, so a query matches an
-- inflected word and a word of any other language alike. Weights: A title and author's username, B hashtags, C body
-- (stemmed), D body (plain words).
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TEXT SEARCH CONFIGURATION sf_simple (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION sf_simple ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, simple;
CREATE TEXT SEARCH CONFIGURATION sf_english (COPY = english);
ALTER TEXT SEARCH CONFIGURATION sf_english ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, english_stem;

CREATE TABLE search_documents (
    id             uuid PRIMARY KEY,
    kind           text NOT NULL CHECK (kind IN ('post', 'video', 'live')),
    owner_id       uuid NOT NULL,
    owner_username text NOT NULL,
    title          text,
    body           text NOT NULL DEFAULT '',
    tags           text[] NOT NULL DEFAULT '{}',
    visibility     text NOT NULL CHECK (visibility IN ('public', 'unlisted', 'followers', 'private')),
    hidden         boolean NOT NULL DEFAULT false,   -- held or removed by moderation: found by nobody
    created_at     timestamptz NOT NULL,
    indexed_at     timestamptz NOT NULL DEFAULT now(),
    document       tsvector NOT NULL
);
CREATE INDEX search_documents_text ON search_documents USING gin (document);
CREATE INDEX search_documents_tags ON search_documents USING gin (tags);
-- Newest first within a kind: the candidate walk of a common word (see SearchResultsReadModel) and sort=newest.
CREATE INDEX search_documents_recent ON search_documents (kind, created_at DESC, id DESC) WHERE NOT hidden;
