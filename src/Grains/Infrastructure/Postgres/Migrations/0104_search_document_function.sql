-- The one definition of a search document's words (issue 13), used by SearchStore for each item and by bulk loads
-- (the search benchmark's seeder): title and username A, hashtags B, body stemmed C, body as plain words D.
CREATE FUNCTION search_document(title text, username text, tags text[], body text) RETURNS tsvector
    LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT setweight(to_tsvector('sf_simple', coalesce(title, '') || ' ' || username), 'A')
       || setweight(to_tsvector('sf_english', coalesce(title, '')), 'A')
       || setweight(to_tsvector('sf_simple', array_to_string(tags, ' ')), 'B')
       || setweight(to_tsvector('sf_english', body), 'C')
       || setweight(to_tsvector('sf_simple', body), 'D') $$;
