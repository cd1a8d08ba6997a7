-- A content grain loads who bookmarked its item (ContentGrain.Viewers): look bookmarks up by item, not only by user.
CREATE INDEX bookmarks_content ON bookmarks (content_id);
