-- Only whole words tell an item's language. search_language() split its text at every non-letter, so the letters
-- inside codes and compounds ("sq1e2e3f", "e-mail") counted as words: two "e" made an English text Portuguese (the
-- Portuguese and Italian "and"), and "dog" no longer found its "dogs". Documents keep the language they were given
-- until a rebuild (make search-rebuild RESTART=1).
CREATE FUNCTION search_language_words(words text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT coalesce(string_agg(w, ' '), '')
   FROM (SELECT regexp_replace(t, '^[[:punct:]]+|[[:punct:]]+$', '', 'g') AS w
         FROM regexp_split_to_table(lower(words), '\s+') AS t) x
   WHERE w ~ '^[[:alpha:]]+$' $$;

CREATE OR REPLACE FUNCTION search_document(title text, username text, tags text[], body text) RETURNS tsvector
    LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT setweight(to_tsvector('sf_simple', coalesce(title, '') || ' ' || username), 'A')
       || setweight(to_tsvector(lang, coalesce(title, '')), 'A') || setweight(to_tsvector(lang, body), 'C')
       || setweight(to_tsvector('sf_simple', array_to_string(tags, ' ')), 'B')
       || setweight(to_tsvector('sf_simple', body), 'D')
   FROM (SELECT coalesce(search_language(search_language_words(coalesce(title, '') || ' ' || body)), 'sf_english') AS lang) l $$;
