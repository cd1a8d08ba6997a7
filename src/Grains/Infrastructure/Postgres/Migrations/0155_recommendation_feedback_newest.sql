-- A person's feedback, newest first: a ranking reads its viewer's newest 2,000 (ViewerSignalsReadModel.MaxFeedback),
-- not all of it (one row for every skip, kept for good: thousands a year for a person who scrolls daily, all read by
-- primary key and hashed or grouped in every ranking). "Not interested" keeps its own index and is read whole.
CREATE INDEX recommendation_feedback_newest ON recommendation_feedback (user_id, at DESC);
