-- Engagement facts. Each is written by the silo's group-commit writer (EngagementWriter) in the same statement
-- as the content_counters / content_reaction_counts deltas it causes, so facts and exact counters commit together.

-- One like per user per item; newest-first listing per item.
CREATE TABLE likes (
    content_id uuid NOT NULL,
    user_id    uuid NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (content_id, user_id)
);
CREATE INDEX likes_newest ON likes (content_id, created_at DESC, user_id DESC);

-- One bookmark per user per item; newest-first listing per user.
CREATE TABLE bookmarks (
    user_id    uuid NOT NULL,
    content_id uuid NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, content_id)
);
CREATE INDEX bookmarks_newest ON bookmarks (user_id, created_at DESC, content_id DESC);

-- One reaction (from the fixed set, see Reactions.cs) per user per item.
CREATE TABLE reactions (
    content_id uuid NOT NULL,
    user_id    uuid NOT NULL,
    reaction   text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (content_id, user_id)
);

CREATE TABLE content_reaction_counts (
    content_id uuid NOT NULL,
    reaction   text NOT NULL,
    count      bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (content_id, reaction)
);

-- The last time a viewer's view of an item was counted; a view counts again once the window has passed.
-- Rows older than the window are pruned (ViewDedupPruner), so the table holds at most one window of viewers.
CREATE TABLE view_dedup (
    content_id uuid NOT NULL,
    viewer_key text NOT NULL,
    counted_at timestamptz NOT NULL,
    PRIMARY KEY (content_id, viewer_key)
);
CREATE INDEX view_dedup_age ON view_dedup (counted_at);

-- Total reported watch time, for analytics; every view report adds to it, counted or not.
ALTER TABLE content_counters ADD COLUMN watch_seconds bigint NOT NULL DEFAULT 0;
