-- Stemming for each item's language (issue 13), with a language-neutral fallback. An item's language is the one whose
-- stop words its title and text use most (ties: the order below; none: English, the platform's default); its plain
-- words are indexed too, whatever the language, so an exact word of any language is found.
-- A query does not know its language: it matches an item's plain words, or the stems of any of these languages.
-- Documents indexed before this keep their English stems until a rebuild (make search-rebuild RESTART=1).
CREATE TEXT SEARCH CONFIGURATION sf_spanish (COPY = spanish);
ALTER TEXT SEARCH CONFIGURATION sf_spanish ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, spanish_stem;
CREATE TEXT SEARCH CONFIGURATION sf_french (COPY = french);
ALTER TEXT SEARCH CONFIGURATION sf_french ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, french_stem;
CREATE TEXT SEARCH CONFIGURATION sf_german (COPY = german);
ALTER TEXT SEARCH CONFIGURATION sf_german ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, german_stem;
CREATE TEXT SEARCH CONFIGURATION sf_portuguese (COPY = portuguese);
ALTER TEXT SEARCH CONFIGURATION sf_portuguese ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, portuguese_stem;
CREATE TEXT SEARCH CONFIGURATION sf_italian (COPY = italian);
ALTER TEXT SEARCH CONFIGURATION sf_italian ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, italian_stem;

-- The stemming configuration of a text, or NULL when it shows none of these languages' commonest words (a list of
-- our own: the stop word lists of the stemmers overlap too much, French lacks "les", to tell Spanish from French).
CREATE FUNCTION search_language(words text) RETURNS regconfig
    LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT l.config
   FROM (VALUES
        (1, 'sf_english'::regconfig, '{the,and,is,are,of,to,in,that,it,with,for,this,you,was,on,have,not,be,at,my}'::text[]),
        (2, 'sf_spanish', '{el,los,las,y,es,del,que,por,con,una,para,pero,muy,está,son,como,más,su,al,lo}'),
        (3, 'sf_french', '{le,les,des,et,est,une,dans,pour,pas,qui,avec,sur,au,aux,ce,cette,sont,mais,nous,vous}'),
        (4, 'sf_german', '{der,die,das,und,ist,nicht,ein,eine,mit,den,dem,auf,für,auch,sich,ich,zu,von,im,sind}'),
        (5, 'sf_portuguese', '{o,os,as,e,é,não,uma,um,do,da,dos,das,em,no,na,para,com,mais,são,muito}'),
        (6, 'sf_italian', '{il,gli,è,e,non,della,del,che,per,una,sono,con,più,anche,di,nel,alla,questo,ma,ho}'))
        AS l(preference, config, commonest),
        LATERAL (SELECT count(*) AS hits FROM unnest(regexp_split_to_array(lower(words), '[^[:alpha:]]+')) AS w
                 WHERE w = ANY (l.commonest)) s
   WHERE s.hits > 0
   ORDER BY s.hits DESC, l.preference
   LIMIT 1 $$;

-- Title and username A (plain, and the title stemmed), hashtags B, text stemmed for the item's language C, text as
-- plain words D.
CREATE OR REPLACE FUNCTION search_document(title text, username text, tags text[], body text) RETURNS tsvector
    LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT setweight(to_tsvector('sf_simple', coalesce(title, '') || ' ' || username), 'A')
       || setweight(to_tsvector(lang, coalesce(title, '')), 'A') || setweight(to_tsvector(lang, body), 'C')
       || setweight(to_tsvector('sf_simple', array_to_string(tags, ' ')), 'B')
       || setweight(to_tsvector('sf_simple', body), 'D')
   FROM (SELECT coalesce(search_language(coalesce(title, '') || ' ' || body), 'sf_english') AS lang) l $$;

-- What typed words match: their plain forms, or their stems in any of the languages above (websearch syntax); a
-- language whose reading adds nothing new (the stems of most words are the same) is left out, so the index and each
-- recheck look at the fewest alternatives.
CREATE FUNCTION search_words_query(q text) RETURNS tsquery
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS
$$
DECLARE
    result   tsquery := websearch_to_tsquery('sf_simple', q);
    seen     tsquery[] := ARRAY[result];
    config   regconfig;
    reading  tsquery;
BEGIN
    FOREACH config IN ARRAY ARRAY['sf_english', 'sf_spanish', 'sf_french', 'sf_german', 'sf_portuguese', 'sf_italian']::regconfig[] LOOP
        reading := websearch_to_tsquery(config, q);
        IF NOT reading = ANY (seen) THEN
            result := result || reading;
            seen := seen || reading;
        END IF;
    END LOOP;
    RETURN result;
END
$$;

-- A typed query: what its words match, without any form of each -excluded word or -"phrase" (excluded apart: within
-- one language's reading a stem of another language would be missing from the item, and the exclusion not hold).
-- Immutable, as websearch_to_tsquery with a configuration is: the planner then folds it for the query's text and
-- reads the GIN index (a stable function is evaluated per row instead).
CREATE FUNCTION search_query(q text) RETURNS tsquery
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS
$$
DECLARE
    result   tsquery := search_words_query(regexp_replace(q, '(^|\s)-("[^"]*"?|\S+)', ' ', 'g'));
    excluded text;
BEGIN
    FOR excluded IN SELECT m[2] FROM regexp_matches(q, '(^|\s)-("[^"]*"?|\S+)', 'g') AS m LOOP
        result := result && !! search_words_query(excluded);
    END LOOP;
    RETURN result;
END
$$;
