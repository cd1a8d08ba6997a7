-- A person's events of one kind, newest first: a ranking reads the newest likes and the newest view reports of its viewer
-- (ViewerSignalsReadModel), each part bounded by this index. By user_id alone, every ranking read all of the viewer's
-- raw events twice (one view report every few seconds of watching: tens of thousands of rows in 90 days for a person
-- who watches daily) to sort and group them. Its prefix serves what the user index did (the cascade of an account's
-- deletion, per-person reads).
CREATE INDEX analytics_events_user_kind ON analytics_events (user_id, kind, occurred_at DESC) WHERE user_id IS NOT NULL;
DROP INDEX analytics_events_user;
