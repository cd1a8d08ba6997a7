-- A search by @author alone (no words, no tags) walked the recency index until it had met that author's newest items:
-- 0.7 s for an author with one post among 1,000,000 (EXPLAIN ANALYZE on the benchmark's database), 7 ms with this index
-- (the author's items, newest first, per kind). Building it locks the table's writes for a few seconds per million rows.
CREATE INDEX search_documents_owner ON search_documents (owner_id, kind, created_at DESC, id DESC) WHERE NOT hidden;
