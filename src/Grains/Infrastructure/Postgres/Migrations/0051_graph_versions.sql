-- Every change of a pair (follow, request, block) bumps both accounts' version under their row locks, so an account's
-- grain can tell a late notice about an older change from a newer one.
ALTER TABLE user_graph_counts ADD COLUMN version bigint NOT NULL DEFAULT 0;

-- "My blocks" and "my mutes", newest first.
CREATE INDEX blocks_by_blocker ON blocks (blocker_id, created_at DESC, blocked_id DESC);
CREATE INDEX mutes_by_muter ON mutes (muter_id, created_at DESC, muted_id DESC);
