-- What a viewer liked, read once per ranking: the candidates' statement leaves out their liked items by hashing this
-- range (tens to hundreds of rows) instead of probing likes_pkey for each of ~400 candidates.
-- One more index entry per like: measured against the durable likes benchmark (README "Recommendations").
CREATE INDEX likes_by_user ON likes (user_id, content_id);
