-- The dispatchers are woken by a NOTIFY the writing process sends after its commit (OutboxWakeup), no longer by this
-- trigger: a NOTIFY inside the writing transaction holds PostgreSQL's notification queue lock until the transaction's
-- commit is flushed, so every transaction that queued an event committed one at a time (899 a second from 4
-- connections, 8,303 without the trigger).
DROP TRIGGER outbox_events_notify ON outbox_events;
DROP FUNCTION notify_outbox_events();
