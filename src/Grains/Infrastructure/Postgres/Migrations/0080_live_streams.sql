-- Live streams (LiveStreamGrain is the single writer of its row). key_hash: SHA-256 of the stream key, never the key.
CREATE TABLE live_streams (
    id           uuid PRIMARY KEY,
    owner_id     uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    title        text NOT NULL,
    description  text,
    visibility   text NOT NULL CHECK (visibility IN ('public', 'unlisted', 'private')),
    record       boolean NOT NULL,
    key_hash     bytea NOT NULL,
    state        text NOT NULL CHECK (state IN ('scheduled', 'live', 'ended')),
    peak_viewers integer NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL,
    started_at   timestamptz,
    ended_at     timestamptz
);
CREATE INDEX live_streams_owner ON live_streams (owner_id, created_at DESC);
CREATE INDEX live_streams_live ON live_streams (started_at DESC, id DESC) WHERE state = 'live';
