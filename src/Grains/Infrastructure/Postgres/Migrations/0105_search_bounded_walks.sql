-- Search without scanning every match (issue 13's speed goals; see SearchAccountsReadModel and SearchResultsReadModel).
--
-- Typeahead: names that start with the term are two ordered walks. The C collation makes "starts with" an index
-- range and gives the order the walk returns; these replace the text_pattern_ops index, which cannot order.
CREATE INDEX accounts_username_c ON accounts ((lower(username::text) COLLATE "C"));
CREATE INDEX accounts_display_name_c ON accounts ((lower(coalesce(display_name, '')) COLLATE "C"));
DROP INDEX accounts_username_prefix;

-- Content search leaves out the accounts sanctioned now (few) by id instead of joining every candidate's author:
-- those ever suspended or limited, a small partial index.
CREATE INDEX accounts_sanctioned ON accounts (id) WHERE suspended_until IS NOT NULL OR limited_until IS NOT NULL;
