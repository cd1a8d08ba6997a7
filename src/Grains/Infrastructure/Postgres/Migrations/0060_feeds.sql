-- Home feeds. The fan-out writes one row per (follower, item) before it tells the follower's feed grain, so a feed
-- grain that was not active (or whose silo died) loads its window from here. The primary key makes every insert
-- idempotent (a re-published event inserts nothing new) and serves every read: a window is read whole (it is trimmed
-- to the window size when loaded), an unfollow deletes by (user_id, author_id) within one user's rows. No further
-- index, so a push costs one index entry per follower.
CREATE TABLE feed_entries (
    user_id    uuid NOT NULL,
    item_id    uuid NOT NULL,
    kind       smallint NOT NULL CHECK (kind IN (0, 1)),   -- 0 post, 1 video
    author_id  uuid NOT NULL,
    created_at timestamptz NOT NULL,                        -- a post's creation, a video's ready time
    PRIMARY KEY (user_id, item_id)
);

-- When a user's window was last rebuilt from the graph (the recent items of everyone they follow). No row, or one
-- older than SocialFlow:Feeds:RebuildAfter, makes the next load rebuild first.
CREATE TABLE feed_builds (
    user_id  uuid PRIMARY KEY,
    built_at timestamptz NOT NULL
);
