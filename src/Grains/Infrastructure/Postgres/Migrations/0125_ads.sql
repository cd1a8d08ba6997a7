-- Ads (issue 16): campaigns, their creatives, every ad served (with its reservation, impression, click and cost), the
-- creators' opt-in per video, and the settlements that credit ad revenue to creators through the payments ledger.
-- Written by the Ads domain only: ad_campaigns, ad_creatives, ad_serves and ad_settlements by AdCampaignGrain (one per
-- campaign, the single writer of its rows); ad_video_settings by AdVideoGrain (one per video).

CREATE TABLE ad_campaigns (
    id                uuid PRIMARY KEY,
    advertiser_id     uuid NOT NULL,
    name              text NOT NULL,
    currency          char(3) NOT NULL,
    total_budget      bigint NOT NULL CHECK (total_budget > 0),
    daily_budget      bigint NOT NULL CHECK (daily_budget > 0 AND daily_budget <= total_budget),
    bid_kind          text NOT NULL CHECK (bid_kind IN ('cpm', 'cpc')),
    bid               bigint NOT NULL CHECK (bid > 0),
    starts_at         timestamptz NOT NULL,
    ends_at           timestamptz NOT NULL CHECK (ends_at > starts_at),
    targeting         jsonb NOT NULL,
    cap_impressions   int CHECK (cap_impressions > 0),
    cap_hours         int CHECK (cap_hours > 0),
    status            text NOT NULL CHECK (status IN ('active', 'paused', 'ended')),
    -- Counts the grain writes behind (with each settlement) for the catalog's estimate of the click-through rate.
    impressions       bigint NOT NULL DEFAULT 0,
    clicks            bigint NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX ad_campaigns_by_advertiser ON ad_campaigns (advertiser_id, created_at DESC, id DESC);
CREATE INDEX ad_campaigns_serving ON ad_campaigns (ends_at) WHERE status = 'active';

CREATE TABLE ad_creatives (
    id          uuid PRIMARY KEY,
    campaign_id uuid NOT NULL REFERENCES ad_campaigns (id),
    video_id    uuid NOT NULL,
    click_url   text NOT NULL CHECK (click_url LIKE 'https://%'),
    status      text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    created_at  timestamptz NOT NULL,
    reviewed_at timestamptz
);
CREATE INDEX ad_creatives_by_campaign ON ad_creatives (campaign_id, created_at);

-- One row per ad served, written before the ad is answered: reserved is what the campaign held for it (milli-units of
-- the campaign's currency: a CPM ad one impression's cost, a CPC ad one click's), released when it expires unused;
-- cost is what it spent (set once by the impression of a CPM ad, by the click of a CPC ad). A token counts once:
-- impression_at and click_at are set only from NULL.
CREATE TABLE ad_serves (
    id             uuid PRIMARY KEY,
    campaign_id    uuid NOT NULL REFERENCES ad_campaigns (id),
    creative_id    uuid NOT NULL,
    viewer_id      uuid NOT NULL,
    video_id       uuid NOT NULL,
    creator_id     uuid NOT NULL,
    reserved_milli bigint NOT NULL CHECK (reserved_milli > 0),
    cost_milli     bigint NOT NULL DEFAULT 0 CHECK (cost_milli >= 0 AND cost_milli <= reserved_milli),
    served_at      timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    impression_at  timestamptz,
    click_at       timestamptz CHECK (click_at IS NULL OR impression_at IS NOT NULL),
    settlement_id  uuid
);
CREATE INDEX ad_serves_by_campaign ON ad_serves (campaign_id, served_at);
CREATE INDEX ad_serves_by_viewer ON ad_serves (viewer_id, served_at);
CREATE INDEX ad_serves_unsettled ON ad_serves (campaign_id) WHERE settlement_id IS NULL AND cost_milli > 0;

CREATE TABLE ad_video_settings (
    video_id   uuid PRIMARY KEY,
    owner_id   uuid NOT NULL,
    enabled    boolean NOT NULL,
    updated_at timestamptz NOT NULL
);

-- A batch of a campaign's spend credited to one creator for one video and day: spend (what the advertiser is charged,
-- minor units) and the creator's share of it, with its ledger transaction (kind ad_revenue).
CREATE TABLE ad_settlements (
    id            uuid PRIMARY KEY,
    campaign_id   uuid NOT NULL REFERENCES ad_campaigns (id),
    advertiser_id uuid NOT NULL,
    creator_id    uuid NOT NULL,
    video_id      uuid NOT NULL,
    day           date NOT NULL,
    spend         bigint NOT NULL CHECK (spend >= 0),
    creator_share bigint NOT NULL CHECK (creator_share >= 0 AND creator_share <= spend),
    currency      char(3) NOT NULL,
    created_at    timestamptz NOT NULL
);
CREATE INDEX ad_settlements_by_creator ON ad_settlements (creator_id, day);

-- The ledger's fifth kind: ad revenue, the advertiser's account debited the spend, the creator and the platform credited.
ALTER TABLE ledger_transactions ADD COLUMN ad_settlement_id uuid REFERENCES ad_settlements (id);
ALTER TABLE ledger_transactions DROP CONSTRAINT ledger_transactions_kind_check;
ALTER TABLE ledger_transactions ADD CONSTRAINT ledger_transactions_kind_check
    CHECK (kind IN ('charge', 'refund', 'subscription_charge', 'payout', 'ad_revenue'));
ALTER TABLE ledger_transactions DROP CONSTRAINT ledger_transactions_source_check;
ALTER TABLE ledger_transactions ADD CONSTRAINT ledger_transactions_source_check CHECK (
    CASE kind
        WHEN 'subscription_charge' THEN invoice_id IS NOT NULL AND payment_id IS NULL AND payout_id IS NULL AND ad_settlement_id IS NULL
        WHEN 'payout' THEN payout_id IS NOT NULL AND payment_id IS NULL AND invoice_id IS NULL AND ad_settlement_id IS NULL
        WHEN 'ad_revenue' THEN ad_settlement_id IS NOT NULL AND payment_id IS NULL AND invoice_id IS NULL AND payout_id IS NULL
        ELSE payment_id IS NOT NULL AND invoice_id IS NULL AND payout_id IS NULL AND ad_settlement_id IS NULL
    END);
CREATE UNIQUE INDEX ledger_one_ad_settlement ON ledger_transactions (ad_settlement_id) WHERE ad_settlement_id IS NOT NULL;
