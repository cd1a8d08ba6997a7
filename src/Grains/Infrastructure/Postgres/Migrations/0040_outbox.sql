-- Domain events, written by any store in the same transaction as the change that causes them (EventOutbox), and
-- published to Orleans Streams by every silo's EventDispatcher. A row is claimed with FOR UPDATE SKIP LOCKED and a
-- lease; it counts as delivered only when the namespace's consumer acknowledges it, so a row whose lease lapses
-- unacknowledged (silo crash, lost in-memory stream event) is published again.
CREATE TABLE outbox_events (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id         uuid NOT NULL UNIQUE,
    stream_namespace text NOT NULL,
    stream_key       uuid NOT NULL,
    actor_id         uuid NOT NULL,
    kind             text NOT NULL,
    payload          jsonb NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    attempts         int NOT NULL DEFAULT 0,
    lease_until      timestamptz,
    delivered_at     timestamptz
);
CREATE INDEX outbox_events_undelivered ON outbox_events (id) WHERE delivered_at IS NULL;
CREATE INDEX outbox_events_in_flight ON outbox_events (lease_until) WHERE delivered_at IS NULL;
CREATE INDEX outbox_events_delivered ON outbox_events (delivered_at) WHERE delivered_at IS NOT NULL;

-- Wakes the dispatchers (LISTEN outbox_events) when the inserting transaction commits; once per statement, and
-- PostgreSQL folds identical notifications of one transaction into one.
CREATE FUNCTION notify_outbox_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox_events', '');
    RETURN NULL;
END $$;
CREATE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox_events();

-- Video events move here. Nothing ever consumed video_events, so its rows are not carried over: publishing them now
-- would hand months-old "created" events to the first consumers (feeds) as if they were new.
DROP TABLE video_events;
