-- The social graph. Edges live here (a follower list is unbounded); exact counts live in the user grains, kept in
-- user_graph_counts in the same transaction as the edge change so a grain re-reads them on activation.

-- follower follows followee. Listing: a user's followers newest first, and whom a user follows newest first.
CREATE TABLE follows (
    follower_id uuid NOT NULL REFERENCES accounts (id),
    followee_id uuid NOT NULL REFERENCES accounts (id),
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (follower_id, followee_id),
    CHECK (follower_id <> followee_id)
);
CREATE INDEX follows_followers ON follows (followee_id, created_at DESC, follower_id DESC);
CREATE INDEX follows_following ON follows (follower_id, created_at DESC, followee_id DESC);

-- Pending requests to follow a private account; approving turns one into a follows row.
CREATE TABLE follow_requests (
    requester_id uuid NOT NULL REFERENCES accounts (id),
    target_id    uuid NOT NULL REFERENCES accounts (id),
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (requester_id, target_id),
    CHECK (requester_id <> target_id)
);
CREATE INDEX follow_requests_inbox ON follow_requests (target_id, created_at DESC, requester_id DESC);

-- blocker blocks blocked: neither sees the other's content; follows both ways are removed.
CREATE TABLE blocks (
    blocker_id uuid NOT NULL REFERENCES accounts (id),
    blocked_id uuid NOT NULL REFERENCES accounts (id),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id),
    CHECK (blocker_id <> blocked_id)
);
CREATE INDEX blocks_blocked ON blocks (blocked_id, blocker_id);

-- muter mutes muted: hidden from the muter's feeds and notifications; the muted account is not told.
CREATE TABLE mutes (
    muter_id   uuid NOT NULL REFERENCES accounts (id),
    muted_id   uuid NOT NULL REFERENCES accounts (id),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (muter_id, muted_id),
    CHECK (muter_id <> muted_id)
);

CREATE TABLE user_graph_counts (
    user_id   uuid PRIMARY KEY REFERENCES accounts (id),
    followers bigint NOT NULL DEFAULT 0 CHECK (followers >= 0),
    following bigint NOT NULL DEFAULT 0 CHECK (following >= 0)
);
