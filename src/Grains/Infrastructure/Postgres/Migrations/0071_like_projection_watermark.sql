-- Like notifications are projected from the likes themselves (LikeNotificationProjector): each round takes the items
-- liked between the last round's horizon and a new one, read by time through a BRIN index (nearly free to maintain:
-- likes arrive in time order, and pages past the last summary cost inserts nothing). This replaces the per-batch
-- like_notifications_pending mark, an upsert per liked item in every group commit (a sixth of a durable like's cost).
CREATE INDEX likes_by_time ON likes USING brin (created_at) WITH (pages_per_range = 32);

CREATE TABLE like_projection (
    id   smallint PRIMARY KEY CHECK (id = 1),
    upto timestamptz NOT NULL -- every like with created_at < upto is reflected in its owner's notification
);

-- Items still marked were liked after their last projection: start from their oldest like, so none is skipped.
INSERT INTO like_projection (id, upto)
SELECT 1, coalesce((SELECT min(l.created_at) FROM likes l JOIN like_notifications_pending p ON p.content_id = l.content_id), now());

DROP TABLE like_notifications_pending;
