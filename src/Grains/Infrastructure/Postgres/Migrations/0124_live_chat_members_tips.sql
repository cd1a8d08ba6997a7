-- Members and tips in live chat (issue 15). A message keeps the sender's badge as it was when sent (the streamer's tier
-- they held); a paid message (its id is its payment's) keeps its amount and the end of its pin. live_chat_tips holds a
-- tip's message from the order until the payment is paid (written by the stream's LiveRoomGrain, which then posts it once).
ALTER TABLE live_chat_messages
    ADD COLUMN badge_tier   text,
    ADD COLUMN badge_rank   integer,
    ADD COLUMN tip_amount   bigint CHECK (tip_amount > 0),
    ADD COLUMN tip_currency text,
    ADD COLUMN pinned_until timestamptz;
CREATE INDEX live_chat_messages_pinned ON live_chat_messages (stream_id, pinned_until) WHERE pinned_until IS NOT NULL;

CREATE TABLE live_chat_tips (
    payment_id uuid PRIMARY KEY,
    stream_id  uuid NOT NULL REFERENCES live_streams (id) ON DELETE CASCADE,
    buyer_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    text       text NOT NULL,
    created_at timestamptz NOT NULL
);
