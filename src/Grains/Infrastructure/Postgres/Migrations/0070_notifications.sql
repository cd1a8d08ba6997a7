-- Notifications, grouped: one row per (recipient, type, subject), e.g. every like of one video is one row whose
-- actor_count and latest_actors move and which is bumped (updated_at) and unread again on each new actor.
-- Written by the recipient's NotificationGrain, or set-based (likes, new-content fan-out). Every writer derives the id
-- from the group key (NotificationIds.Sql), so set-based and per-grain writes meet on the same row.
CREATE TABLE notifications (
    id            uuid PRIMARY KEY,              -- md5(user_id/type/subject_id) as a uuid: the group key, so no second unique index
    user_id       uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    type          text NOT NULL,
    subject_id    uuid NOT NULL,                 -- what the group is about: the item, the comment, the user followed
    subject_kind  text NOT NULL,                 -- video, post, comment, user, live, system
    item_id       uuid,                          -- the video or post to open (for a comment: its item)
    actor_count   int NOT NULL DEFAULT 0,        -- distinct actors
    latest_actors uuid[] NOT NULL DEFAULT '{}',  -- newest first, at most 3
    data          jsonb NOT NULL DEFAULT '{}',   -- type specific: comment_id, title, text
    in_app        boolean NOT NULL DEFAULT true, -- false: kept only for push/email (in-app preference off)
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    read_at       timestamptz
) WITH (fillfactor = 50);
-- Only user_id is indexed: a bump (count, actors, updated_at, read_at) then stays a heap-only (HOT) update in place,
-- which matters because every like bumps one. A user's list is sorted from their rows (grouping keeps them few).
CREATE INDEX notifications_user ON notifications (user_id);

-- Who is counted in a group (so "A and 41 others" counts people, not events), for the per-grain types (comments,
-- replies, mentions, follows). Likes count from the likes themselves (LikeNotifications).
CREATE TABLE notification_actors (
    notification_id uuid NOT NULL,
    actor_id        uuid NOT NULL,
    last_at         timestamptz NOT NULL,
    PRIMARY KEY (notification_id, actor_id)
);

-- Source events already applied per recipient: a redelivered event changes nothing. Pruned after a while
-- (an event is redelivered only until acknowledged, within minutes).
CREATE TABLE notification_applied_events (
    user_id    uuid NOT NULL,
    event_id   uuid NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, event_id)
);
CREATE INDEX notification_applied_events_age ON notification_applied_events (applied_at);

-- Explicit choices only; the defaults live in code (NotificationDefaults).
CREATE TABLE notification_preferences (
    user_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    type    text NOT NULL,
    channel text NOT NULL CHECK (channel IN ('in_app', 'push', 'email', 'sms')),
    enabled boolean NOT NULL,
    PRIMARY KEY (user_id, type, channel)
);

-- FCM registration tokens. A token belongs to the account that registered it last (a shared phone).
CREATE TABLE devices (
    token        text PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    platform     text NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL
);
CREATE INDEX devices_user ON devices (user_id, last_seen_at DESC);

-- Delivery outbox for the external channels. At most one pending row per (notification, channel): a burst of
-- likes on one video waits in one row and is sent once with the group's latest state. Claimed with SKIP LOCKED and
-- a lease (next_attempt_at pushed forward with exponential backoff); done_at is set once it is sent or given up.
-- For push, sent_tokens remembers the devices already served, so a retry never sends twice to a device.
CREATE TABLE notification_deliveries (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notification_id uuid NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    user_id         uuid NOT NULL,
    channel         text NOT NULL CHECK (channel IN ('push', 'email', 'sms')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    next_attempt_at timestamptz NOT NULL,
    attempts        int NOT NULL DEFAULT 0,
    sent_tokens     text[] NOT NULL DEFAULT '{}',
    done_at         timestamptz,
    outcome         text,
    last_error      text
);
CREATE UNIQUE INDEX notification_deliveries_pending ON notification_deliveries (notification_id, channel) WHERE done_at IS NULL;
CREATE INDEX notification_deliveries_due ON notification_deliveries (channel, next_attempt_at) WHERE done_at IS NULL;
CREATE INDEX notification_deliveries_user ON notification_deliveries (user_id, channel) WHERE done_at IS NULL;

-- When a user was last emailed about notifications: later ones within the digest interval wait and go as one digest.
CREATE TABLE notification_email_state (
    user_id      uuid PRIMARY KEY,
    last_sent_at timestamptz
);

-- Users with a live SignalR connection on some API host (renewed every 20 s by their NotificationGrain): set-based
-- writers ask their grains to push only for these.
CREATE TABLE notification_watchers (
    user_id     uuid PRIMARY KEY,
    watch_until timestamptz NOT NULL
);

-- Items with likes not yet reflected in their owner's like notification: marked by the likes group commit in the
-- same statement as the likes (version bumped on every batch), cleared by LikeNotificationProjector in the same
-- statement that updates the notifications, only if the version is still the one it read.
CREATE TABLE like_notifications_pending (
    content_id uuid PRIMARY KEY,
    version    bigint NOT NULL DEFAULT 0
) WITH (fillfactor = 50);
