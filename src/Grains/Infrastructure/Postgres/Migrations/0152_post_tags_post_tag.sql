-- A post's tags read by its id (every ranking reads them for each of its ~330 candidates, the viewer's profile for
-- each of their positives): with the tag in the index they come from the index alone, not a bitmap scan of the heap.
-- Replaces post_tags_post (post_id), whose lookups this index serves as well.
CREATE INDEX post_tags_post_tag ON post_tags (post_id, tag);
DROP INDEX post_tags_post;
