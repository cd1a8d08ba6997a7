-- The document and language functions in PL/pgSQL, whose statements' plans a connection keeps: a SQL function that
-- cannot be inlined (these read FROM) is planned again on every call of a single-row statement. The indexer's
-- INSERT of one document spent 0.5 ms of PostgreSQL's time in search_document(), 0.15 ms as PL/pgSQL (pgbench,
-- one connection, `SELECT search_document(...)`). Same arguments, same results, same volatility.
CREATE OR REPLACE FUNCTION search_language_words(words text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS
$$
BEGIN
    RETURN (SELECT coalesce(string_agg(w, ' '), '')
            FROM (SELECT regexp_replace(t, '^[[:punct:]]+|[[:punct:]]+$', '', 'g') AS w
                  FROM regexp_split_to_table(lower(words), '\s+') AS t) x
            WHERE w ~ '^[[:alpha:]]+$');
END
$$;

CREATE OR REPLACE FUNCTION search_language(words text) RETURNS regconfig
    LANGUAGE plpgsql STABLE PARALLEL SAFE AS
$$
BEGIN
    RETURN (SELECT l.config
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
            LIMIT 1);
END
$$;

CREATE OR REPLACE FUNCTION search_document(title text, username text, tags text[], body text) RETURNS tsvector
    LANGUAGE plpgsql STABLE PARALLEL SAFE AS
$$
DECLARE
    lang regconfig := coalesce(search_language(search_language_words(coalesce(title, '') || ' ' || body)), 'sf_english');
BEGIN
    RETURN setweight(to_tsvector('sf_simple', coalesce(title, '') || ' ' || username), 'A')
        || setweight(to_tsvector(lang, coalesce(title, '')), 'A') || setweight(to_tsvector(lang, body), 'C')
        || setweight(to_tsvector('sf_simple', array_to_string(tags, ' ')), 'B')
        || setweight(to_tsvector('sf_simple', body), 'D');
END
$$;
