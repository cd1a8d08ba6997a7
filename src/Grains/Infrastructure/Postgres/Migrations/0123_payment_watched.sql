-- When a buyer first played a segment of a video they bought (issue 15): a watched purchase is not refunded to the
-- buyer (admins still may). Written by PaymentGrain, told by the buyer's SubscriberGrain at playback.
ALTER TABLE payments ADD COLUMN watched_at timestamptz;
