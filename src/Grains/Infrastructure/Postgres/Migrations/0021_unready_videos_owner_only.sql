-- A video that is not ready (uploading, processing, failed) is its owner's alone on every route, engagement included:
-- VideoGrain registers it in content as private until it is ready (VideoGrain.Audience). Rows registered before
-- that rule carried the video's visibility; they get the owner-only audience here.
UPDATE content c SET visibility = 'private'
FROM videos v
WHERE v.id = c.id AND c.kind = 'video' AND v.status <> 'ready' AND c.visibility <> 'private';
