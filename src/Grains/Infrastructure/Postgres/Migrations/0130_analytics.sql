-- Analytics (issue 16): raw events from apps (POST /analytics/track) and from the server's own facts (likes, comments,
-- follows, uploads, payments), and the rollups kept from them by AnalyticsWriter in the same statement that stores
-- them. docs/architecture.md#analytics.
--
-- hll is not a trusted extension: scripts/services.sh creates it (as the superuser) in template1 and the application's
-- database; on a managed server an administrator runs CREATE EXTENSION hll once. Here it is only checked.
CREATE EXTENSION IF NOT EXISTS hll;

-- One row per event. (actor_key, client_event_id) drops a client's duplicates and a redelivered server fact (whose
-- client_event_id is its domain event's id). IP addresses are kept as their network only (/24, /48).
CREATE TABLE analytics_events (
    id              uuid PRIMARY KEY,
    actor_key       text NOT NULL,               -- u:<account id> or a:<anonymous viewer id>
    user_id         uuid REFERENCES accounts (id) ON DELETE CASCADE,
    client_event_id text NOT NULL,
    kind            text NOT NULL,
    item_id         uuid,
    owner_id        uuid,                        -- the creator the event counts for
    seconds         integer,
    position_pct    integer,
    source          text,
    platform        text,
    ad_id           uuid,
    amount          bigint,
    currency        text,
    ip_prefix       text,
    occurred_at     timestamptz NOT NULL,
    received_at     timestamptz NOT NULL,
    UNIQUE (actor_key, client_event_id)
);
CREATE INDEX analytics_events_by_time ON analytics_events USING brin (occurred_at);
CREATE INDEX analytics_events_user ON analytics_events (user_id) WHERE user_id IS NOT NULL;

-- Additive counters per (scope, key, period, bucket, metric): scope item (key: the item; item_owner its creator),
-- creator or platform (key: the nil uuid); period hour or day, buckets in UTC.
CREATE TABLE analytics_rollups (
    scope      text NOT NULL,
    key        uuid NOT NULL,
    period     text NOT NULL,
    bucket     timestamptz NOT NULL,
    metric     text NOT NULL,
    value      bigint NOT NULL,
    item_owner uuid,
    PRIMARY KEY (scope, key, period, bucket, metric)
);
CREATE INDEX analytics_rollups_top_items ON analytics_rollups (item_owner, metric, bucket) WHERE scope = 'item' AND period = 'day';
CREATE INDEX analytics_rollups_by_bucket ON analytics_rollups (bucket);

-- Distinct counts as HyperLogLog sketches (viewers per item and creator, active accounts per platform day): a union
-- over days gives the distinct count of a range.
CREATE TABLE analytics_uniques (
    scope  text NOT NULL,
    key    uuid NOT NULL,
    period text NOT NULL,
    bucket timestamptz NOT NULL,
    metric text NOT NULL,
    sketch hll NOT NULL,
    PRIMARY KEY (scope, key, period, bucket, metric)
);
CREATE INDEX analytics_uniques_by_bucket ON analytics_uniques (bucket);

-- What one raw event adds to the rollups. The one definition both the incremental writer and the rebuild use.
CREATE FUNCTION analytics_deltas(kind text, item uuid, owner uuid, secs integer, pct integer, src text, amount bigint, currency text, at timestamptz)
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
    )
    SELECT 'item', item, p.period, date_trunc(p.period, at, 'UTC'), m.metric, m.delta, owner
    FROM m CROSS JOIN (VALUES ('hour'), ('day')) AS p (period) WHERE m.on_item AND item IS NOT NULL
    UNION ALL SELECT 'creator', owner, 'day', date_trunc('day', at, 'UTC'), m.metric, m.delta, NULL FROM m WHERE m.on_creator AND owner IS NOT NULL
    UNION ALL SELECT 'platform', '00000000-0000-0000-0000-000000000000', 'day', date_trunc('day', at, 'UTC'), m.metric, m.delta, NULL FROM m WHERE m.on_platform
$$;

-- Which distinct counts one raw event is counted in (by its actor_key).
CREATE FUNCTION analytics_unique_keys(kind text, item uuid, owner uuid, actor text, at timestamptz)
RETURNS TABLE (scope text, key uuid, period text, bucket timestamptz, metric text)
LANGUAGE sql STABLE AS $$
    SELECT 'item', item, p.period, date_trunc(p.period, at, 'UTC'), 'viewers'
    FROM (VALUES ('hour'), ('day')) AS p (period) WHERE kind = 'view_start' AND item IS NOT NULL
    UNION ALL SELECT 'creator', owner, 'day', date_trunc('day', at, 'UTC'), 'viewers' WHERE kind = 'view_start' AND owner IS NOT NULL
    UNION ALL SELECT 'platform', '00000000-0000-0000-0000-000000000000', 'day', date_trunc('day', at, 'UTC'), 'active_accounts' WHERE actor LIKE 'u:%'
$$;

-- The likes already turned into raw events: every like with created_at < upto (as like_projection does for notifications).
CREATE TABLE analytics_like_horizon (
    id   smallint PRIMARY KEY CHECK (id = 1),
    upto timestamptz NOT NULL
);
INSERT INTO analytics_like_horizon (id, upto) VALUES (1, now());

-- Reports made on request: pending, then ready with their body (JSON) and charts (SVG by name), or failed.
CREATE TABLE analytics_reports (
    id         uuid PRIMARY KEY,
    owner_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    scope      text NOT NULL,
    days       integer NOT NULL,
    status     text NOT NULL CHECK (status IN ('pending', 'ready', 'failed')),
    created_at timestamptz NOT NULL,
    ready_at   timestamptz,
    body       jsonb,
    charts     jsonb
);
CREATE INDEX analytics_reports_owner ON analytics_reports (owner_id, created_at DESC);
