-- Only comments others can see count (issue 12: a removed or held comment is hidden from every counter). Comments held
-- or removed before this migration were counted: recount the items and parents that have such comments.
UPDATE comments p SET reply_count = (
    SELECT count(*) FROM comments c WHERE c.parent_id = p.id AND c.deleted_at IS NULL AND c.moderation IS NULL)
WHERE p.id IN (SELECT parent_id FROM comments WHERE moderation IS NOT NULL AND deleted_at IS NULL AND parent_id IS NOT NULL);

UPDATE content_counters k SET comments = (
    SELECT count(*) FROM comments c WHERE c.item_id = k.content_id AND c.deleted_at IS NULL AND c.moderation IS NULL)
WHERE k.content_id IN (SELECT item_id FROM comments WHERE moderation IS NOT NULL AND deleted_at IS NULL);
