-- Comments on videos and posts (item_id is the video's or post's content id). Threaded: depth 0 is top level,
-- replies nest to depth 2. reply_count counts live direct replies; a deleted comment with replies stays as a
-- tombstone (text cleared) so its thread holds together, and drops out of lists once its replies are gone.
CREATE TABLE comments (
    id             uuid PRIMARY KEY,                  -- UUIDv7: id order is creation order
    item_id        uuid NOT NULL,
    item_kind      text NOT NULL CHECK (item_kind IN ('video', 'post')),
    parent_id      uuid REFERENCES comments (id),
    in_reply_to_id uuid,
    depth          smallint NOT NULL CHECK (depth BETWEEN 0 AND 2),
    author_id      uuid NOT NULL REFERENCES accounts (id),
    text           text NOT NULL,
    reply_count    int NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL,
    edited_at      timestamptz,
    deleted_at     timestamptz
);
CREATE INDEX comments_top ON comments (item_id, id DESC) WHERE parent_id IS NULL;
CREATE INDEX comments_replies ON comments (parent_id, id) WHERE parent_id IS NOT NULL;
CREATE INDEX comments_author ON comments (author_id, id DESC);
