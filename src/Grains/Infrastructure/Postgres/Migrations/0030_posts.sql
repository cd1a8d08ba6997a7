-- Posts, written by their PostGrain (one grain per post is the single writer of these rows).
-- Ids are UUIDv7: ordering by id is ordering by creation time, so keyset pages use the id alone.
CREATE TABLE posts (
    id         uuid PRIMARY KEY,
    author_id  uuid NOT NULL REFERENCES accounts (id),
    text       text NOT NULL,
    visibility text NOT NULL CHECK (visibility IN ('public', 'followers', 'private')),
    created_at timestamptz NOT NULL,
    edited_at  timestamptz,
    deleted_at timestamptz                 -- a tombstone: text cleared, tags, mentions and images removed
);
CREATE INDEX posts_author ON posts (author_id, id DESC) WHERE deleted_at IS NULL;

-- Normalised (lower-case) hashtags; the primary key serves the per-tag list.
CREATE TABLE post_tags (
    tag     text NOT NULL,
    post_id uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    PRIMARY KEY (tag, post_id)
);
CREATE INDEX post_tags_post ON post_tags (post_id);

-- Mentions resolved to existing accounts when the post was written.
CREATE TABLE post_mentions (
    post_id uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (post_id, user_id)
);
CREATE INDEX post_mentions_user ON post_mentions (user_id, post_id DESC);

-- Sanitised images. Unattached (post_id NULL) until the uploader attaches them to one of their posts.
CREATE TABLE post_media (
    id           uuid PRIMARY KEY,
    uploader_id  uuid NOT NULL REFERENCES accounts (id),
    post_id      uuid REFERENCES posts (id),
    position     smallint,
    content_type text NOT NULL,
    width        int NOT NULL,
    height       int NOT NULL,
    size_bytes   bigint NOT NULL,
    storage_key  text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    deleted_at   timestamptz
);
CREATE INDEX post_media_post ON post_media (post_id, position) WHERE post_id IS NOT NULL;
CREATE INDEX post_media_unattached ON post_media (uploader_id, created_at) WHERE post_id IS NULL;
