-- Ads (issue 16): image creatives. A creative is a video or an image of the advertiser's, exactly one. The image is an
-- upload of the post images' pipeline (POST /posts/media: checked, re-encoded without metadata, stored in post_media);
-- the creative claims it in its own commit (post_media.ad_creative_id, written only by PostImageClaims on behalf of
-- AdCampaignGrain), so no post attaches it and the unattached-image sweeper leaves it.

ALTER TABLE ad_creatives ALTER COLUMN video_id DROP NOT NULL;
ALTER TABLE ad_creatives ADD COLUMN image_id uuid;
ALTER TABLE ad_creatives ADD CONSTRAINT ad_creatives_one_medium CHECK ((video_id IS NULL) <> (image_id IS NULL));

ALTER TABLE post_media ADD COLUMN ad_creative_id uuid;
CREATE UNIQUE INDEX post_media_by_ad_creative ON post_media (ad_creative_id) WHERE ad_creative_id IS NOT NULL;
