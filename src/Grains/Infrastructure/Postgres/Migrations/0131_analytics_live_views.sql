-- Live viewing as a server fact (issue 16): a live room writes each viewer's time watching as a raw event of kind
-- live_view (item: the stream, owner: the streamer, seconds: the live time watched, actor: the viewer). It adds
-- live_views and live_watch_seconds per item (hour, day), creator and platform. The writer and the rebuild both call
-- this function, so replacing it changes both alike. Numbered after 0130, which created it: migrations run in name order.
CREATE OR REPLACE FUNCTION analytics_deltas(kind text, item uuid, owner uuid, secs integer, pct integer, src text, amount bigint, currency text, at timestamptz)
RETURNS TABLE (scope text, key uuid, period text, bucket timestamptz, metric text, delta bigint, item_owner uuid)
LANGUAGE sql STABLE AS $$
    WITH m (metric, delta, on_item, on_creator, on_platform) AS (
        SELECT 'views', 1::bigint, true, true, true WHERE kind = 'view_start'
        UNION ALL SELECT 'source:' || coalesce(src, 'direct'), 1, false, true, false WHERE kind = 'view_start'
        UNION ALL SELECT 'watch_seconds', secs, true, true, true WHERE kind IN ('view_progress', 'view_end') AND secs > 0
        UNION ALL SELECT 'view_ends', 1, true, false, false WHERE kind = 'view_end'
        UNION ALL SELECT 'retention_' || (k * 10), 1, true, false, false FROM generate_series(1, least(pct, 100) / 10) k WHERE kind = 'view_end' AND pct IS NOT NULL
        UNION ALL SELECT 'shares', 1, true, true, true WHERE kind = 'share'
        UNION ALL SELECT 'profile_visits', 1, false, true, false WHERE kind = 'profile_visit'
        UNION ALL SELECT 'search_clicks', 1, true, true, false WHERE kind = 'search_click'
        UNION ALL SELECT 'ad_impressions', 1, true, true, true WHERE kind = 'ad_impression'
        UNION ALL SELECT 'ad_clicks', 1, true, true, true WHERE kind = 'ad_click'
        UNION ALL SELECT 'likes', 1, true, true, true WHERE kind = 'like'
        UNION ALL SELECT 'comments', 1, true, true, true WHERE kind = 'comment'
        UNION ALL SELECT 'followers_gained', 1, false, true, true WHERE kind = 'follow'
        UNION ALL SELECT 'followers_lost', 1, false, true, false WHERE kind = 'unfollow'
        UNION ALL SELECT 'uploads', 1, false, true, true WHERE kind = 'upload'
        UNION ALL SELECT 'revenue:' || currency, amount, item IS NOT NULL, true, true WHERE kind = 'revenue' AND amount > 0
        UNION ALL SELECT 'live_views', 1, true, true, true WHERE kind = 'live_view'
        UNION ALL SELECT 'live_watch_seconds', secs, true, true, true WHERE kind = 'live_view' AND secs > 0
    )
    SELECT 'item', item, p.period, date_trunc(p.period, at, 'UTC'), m.metric, m.delta, owner
    FROM m CROSS JOIN (VALUES ('hour'), ('day')) AS p (period) WHERE m.on_item AND item IS NOT NULL
    UNION ALL SELECT 'creator', owner, 'day', date_trunc('day', at, 'UTC'), m.metric, m.delta, NULL FROM m WHERE m.on_creator AND owner IS NOT NULL
    UNION ALL SELECT 'platform', '00000000-0000-0000-0000-000000000000', 'day', date_trunc('day', at, 'UTC'), m.metric, m.delta, NULL FROM m WHERE m.on_platform
$$;
