-- Videos in search (issue 13): their length, for the duration filters.
ALTER TABLE search_documents ADD COLUMN duration_seconds double precision;
