-- Trending (issue 13). Written by the Trending domain only.

-- The window grains' decayed scores (one row per window, kind and item), replaced by each snapshot so that a restart
-- does not zero trends. score is as of scored_at; readers decay it from there.
CREATE TABLE trending_scores (
    time_window text NOT NULL CHECK (time_window IN ('1h', '24h', '7d')),
    kind        text NOT NULL CHECK (kind IN ('video', 'post')),
    item_id     uuid NOT NULL,
    score       double precision NOT NULL,
    scored_at   timestamptz NOT NULL,
    PRIMARY KEY (time_window, kind, item_id)
);

-- Items and hashtags an admin took out of every trending list (item: a video's or post's id, or a lower-case tag).
-- Each change is in audit_log, written in the same transaction.
CREATE TABLE trending_hidden (
    kind      text NOT NULL CHECK (kind IN ('video', 'post', 'hashtag')),
    item      text NOT NULL,
    hidden_at timestamptz NOT NULL DEFAULT now(),
    hidden_by uuid,
    PRIMARY KEY (kind, item)
);

-- Who used which hashtag when: one row per tag of a post (its author and creation time), from the posts' events.
-- Distinct accounts per tag and period are counted from here; rows older than the longest look-back are pruned.
CREATE TABLE trending_tag_uses (
    tag        text NOT NULL,
    post_id    uuid NOT NULL,
    account_id uuid NOT NULL,
    used_at    timestamptz NOT NULL,
    PRIMARY KEY (tag, post_id)
);
CREATE INDEX trending_tag_uses_recent ON trending_tag_uses (used_at);
CREATE INDEX trending_tag_uses_tag ON trending_tag_uses (tag, used_at);
