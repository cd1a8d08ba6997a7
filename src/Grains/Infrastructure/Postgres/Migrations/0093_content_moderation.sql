-- Moderation standing per item (issue 12): NULL is visible; 'held' waits for a moderator (a watched word asked for it),
-- 'removed' was taken down. Either is seen by the item's owner alone. Sensitive items stay visible, flagged so that
-- clients can blur them. Each table keeps its own columns, written by its single writer (VideoGrain also keeps them in
-- its serialized state; the columns are what lists and feeds filter on).
ALTER TABLE videos
    ADD COLUMN moderation text NULL CHECK (moderation IN ('held', 'removed')),
    ADD COLUMN sensitive boolean NOT NULL DEFAULT false,
    ADD COLUMN moderation_reason text NULL;
ALTER TABLE posts
    ADD COLUMN moderation text NULL CHECK (moderation IN ('held', 'removed')),
    ADD COLUMN sensitive boolean NOT NULL DEFAULT false,
    ADD COLUMN moderation_reason text NULL;
ALTER TABLE comments
    ADD COLUMN moderation text NULL CHECK (moderation IN ('held', 'removed')),
    ADD COLUMN sensitive boolean NOT NULL DEFAULT false,
    ADD COLUMN moderation_reason text NULL;
ALTER TABLE live_streams
    ADD COLUMN moderation text NULL CHECK (moderation IN ('held', 'removed')),
    ADD COLUMN sensitive boolean NOT NULL DEFAULT false,
    ADD COLUMN moderation_reason text NULL;

-- A comment's content row now says who may see the comment itself ('private': its author alone, while held or removed);
-- whether its item is visible is still asked of the item. Comments written on an item that was private then carry
-- that copy of the item's visibility, which no longer means anything for them.
UPDATE content SET visibility = 'public' WHERE kind = 'comment' AND visibility = 'private';

-- The admin content console pages each kind by time.
CREATE INDEX videos_created ON videos (created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX posts_created ON posts (created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX comments_created ON comments (created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX live_streams_created ON live_streams (created_at DESC, id DESC);

-- Chat messages: a removed message is a deleted one (deleted_at, as the room's own delete leaves it); held is a message
-- that watched words held: stored (moderators can see it) but not delivered, replayed or shown to joiners.
ALTER TABLE live_chat_messages ADD COLUMN held boolean NOT NULL DEFAULT false;
