-- Watched words and patterns (Moderation): text that, when a new post, comment, video title or description, or chat
-- message contains it, flags the item into the moderation queue or holds it until a moderator approves it. The list
-- is replaced as a whole by IWatchedWordsGrain (one writer); every change is an audit_log row.
CREATE TABLE watched_words (
    id         uuid PRIMARY KEY,
    pattern    text NOT NULL,
    match      text NOT NULL CHECK (match IN ('word', 'regex')),
    action     text NOT NULL CHECK (action IN ('flag', 'hold')),
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (match, pattern)
);
