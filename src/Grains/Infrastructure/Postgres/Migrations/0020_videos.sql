-- Videos. VideoGrain is the single writer of a video's row, its transcoding job and its events, each change in
-- one transaction. The row holds the queryable columns (feeds, a user's videos, quota) and the grain's full state
-- (Orleans-serialized VideoState) so that both always agree.
CREATE TABLE videos (
    id                uuid PRIMARY KEY,
    owner_id          uuid NOT NULL,
    title             text NOT NULL,
    visibility        text NOT NULL CHECK (visibility IN ('public', 'unlisted', 'private')),
    status            text NOT NULL CHECK (status IN ('uploading', 'processing', 'ready', 'failed')),
    size_bytes        bigint NOT NULL CHECK (size_bytes > 0),
    upload_offset     bigint NOT NULL DEFAULT 0,
    upload_expires_at timestamptz,
    duration_seconds  double precision,
    width             int,
    height            int,
    created_at        timestamptz NOT NULL,
    ready_at          timestamptz,
    deleted_at        timestamptz,
    version           bigint NOT NULL,
    state             bytea NOT NULL
);
CREATE INDEX videos_feed ON videos (ready_at DESC, id DESC)
    WHERE status = 'ready' AND visibility = 'public' AND deleted_at IS NULL;
CREATE INDEX videos_owner ON videos (owner_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX videos_expiring_uploads ON videos (upload_expires_at) WHERE status = 'uploading' AND deleted_at IS NULL;

-- Transcoding work, claimed with FOR UPDATE SKIP LOCKED and a lease: a silo that dies mid-job loses its lease and
-- another (or the restarted one) takes the job again. Completed rows stay as a record of attempts.
CREATE TABLE video_jobs (
    video_id     uuid PRIMARY KEY REFERENCES videos (id) ON DELETE CASCADE,
    attempts     int NOT NULL DEFAULT 0,
    lease_owner  text,
    lease_until  timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    last_error   text
);
CREATE INDEX video_jobs_pending ON video_jobs (created_at) WHERE completed_at IS NULL;

-- Durable outbox of video events (created, uploaded, ready, failed, updated, deleted), written in the same
-- transaction as the change. Consumers claim rows WHERE published_at IS NULL ... FOR UPDATE SKIP LOCKED.
CREATE TABLE video_events (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id     uuid NOT NULL UNIQUE,
    video_id     uuid NOT NULL,
    owner_id     uuid NOT NULL,
    kind         text NOT NULL,
    payload      jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX video_events_unpublished ON video_events (id) WHERE published_at IS NULL;
