-- Live chat (LiveRoomGrain is the single writer of a stream's rows). Deleted messages are kept, marked, for moderation.
CREATE TABLE live_chat_messages (
    id         uuid PRIMARY KEY,
    stream_id  uuid NOT NULL REFERENCES live_streams (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    text       text NOT NULL,
    sent_at    timestamptz NOT NULL,
    deleted_at timestamptz,
    deleted_by uuid
);
CREATE INDEX live_chat_messages_replay ON live_chat_messages (stream_id, sent_at, id);

CREATE TABLE live_chat_settings (
    stream_id         uuid PRIMARY KEY REFERENCES live_streams (id) ON DELETE CASCADE,
    slow_mode_seconds integer NOT NULL CHECK (slow_mode_seconds >= 0),
    followers_only    boolean NOT NULL
);

CREATE TABLE live_chat_moderators (
    stream_id uuid NOT NULL REFERENCES live_streams (id) ON DELETE CASCADE,
    user_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (stream_id, user_id)
);

-- until NULL: banned; otherwise timed out until then.
CREATE TABLE live_chat_sanctions (
    stream_id uuid NOT NULL REFERENCES live_streams (id) ON DELETE CASCADE,
    user_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    until     timestamptz,
    PRIMARY KEY (stream_id, user_id)
);

-- Audience and chat figures. viewer_seconds: the viewer count integrated over the time the stream was live;
-- average_viewers = viewer_seconds / live duration (as of updated_at).
CREATE TABLE live_stream_stats (
    stream_id       uuid PRIMARY KEY REFERENCES live_streams (id) ON DELETE CASCADE,
    peak_viewers    integer NOT NULL,
    viewer_seconds  double precision NOT NULL,
    average_viewers double precision NOT NULL,
    chat_messages   bigint NOT NULL,
    unique_chatters bigint NOT NULL,
    updated_at      timestamptz NOT NULL
);
