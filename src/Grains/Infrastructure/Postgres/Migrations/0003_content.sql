-- Every likeable item (video, post, comment) has one row here, written by its owning grain through
-- IContentGrain: the engagement layer checks existence and visibility against it.
CREATE TABLE content (
    id         uuid PRIMARY KEY,
    kind       text NOT NULL CHECK (kind IN ('video', 'post', 'comment')),
    owner_id   uuid NOT NULL,
    visibility text NOT NULL CHECK (visibility IN ('public', 'unlisted', 'followers', 'private')),
    parent_id  uuid,
    created_at timestamptz NOT NULL,
    deleted_at timestamptz
);
CREATE INDEX content_owner ON content (owner_id, created_at DESC) WHERE deleted_at IS NULL;

-- Exact counters, updated in the same statement or transaction as the facts they count.
CREATE TABLE content_counters (
    content_id uuid PRIMARY KEY,
    likes      bigint NOT NULL DEFAULT 0,
    views      bigint NOT NULL DEFAULT 0,
    comments   bigint NOT NULL DEFAULT 0,
    bookmarks  bigint NOT NULL DEFAULT 0
);
