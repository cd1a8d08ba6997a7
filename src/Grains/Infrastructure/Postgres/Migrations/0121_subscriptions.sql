-- Subscriptions (issue 15): the platform's plans and creators' membership tiers, people's subscriptions to them through
-- Stripe Billing, the invoices paid (each with its ledger transaction), and members-only content. Written by the
-- Payments domain only: subscription_plans by SubscriptionPlansGrain (one per creator, and one for the platform);
-- subscriptions and subscription_invoices by SubscriberGrain (one per subscriber, the single writer of their rows);
-- members_only_content by ContentAccessGrain (one per content item).

-- A plan: the platform's (creator_id NULL, named by platform_key from configuration) or a creator's tier. rank orders a
-- creator's tiers: a member of a tier of rank r may see what is for ranks up to r. Amounts are what a subscriber pays
-- each interval, tax included (the ledger splits the tax out by the card's country). An archived plan takes no new
-- subscribers; existing subscriptions go on until they are canceled.
CREATE TABLE subscription_plans (
    id                uuid PRIMARY KEY,
    creator_id        uuid,
    platform_key      text UNIQUE,
    name              text NOT NULL,
    description       text NOT NULL DEFAULT '',
    perks             text[] NOT NULL DEFAULT '{}',
    rank              integer NOT NULL CHECK (rank BETWEEN 1 AND 100),
    amount            bigint NOT NULL CHECK (amount > 0),
    currency          char(3) NOT NULL,
    billing_interval  text NOT NULL DEFAULT 'month' CHECK (billing_interval IN ('month', 'year')),
    stripe_product_id text,
    stripe_price_id   text,
    archived_at       timestamptz,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    CHECK ((creator_id IS NULL) = (platform_key IS NOT NULL))
);
CREATE INDEX subscription_plans_by_creator ON subscription_plans (creator_id, rank) WHERE archived_at IS NULL;

-- A subscription, recorded (pending) before Stripe is called; then Stripe's status as last read from Stripe. One live
-- subscription per subscriber and creator (or the platform): another subscribe is refused, a change of tier is a
-- PATCH of this one. past_due_since starts the grace period of a failed renewal.
CREATE TABLE subscriptions (
    id                     uuid PRIMARY KEY,
    subscriber_id          uuid NOT NULL,
    plan_id                uuid NOT NULL REFERENCES subscription_plans (id),
    creator_id             uuid,
    status                 text NOT NULL CHECK (status IN ('pending', 'incomplete', 'active', 'past_due', 'canceled', 'incomplete_expired')),
    payment_method         text NOT NULL,
    country                char(2),
    stripe_subscription_id text UNIQUE,
    current_period_end     timestamptz,
    cancel_at_period_end   boolean NOT NULL DEFAULT false,
    past_due_since         timestamptz,
    failure_code           text,
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    ended_at               timestamptz
);
CREATE UNIQUE INDEX subscriptions_one_live ON subscriptions (subscriber_id, coalesce(creator_id, '00000000-0000-0000-0000-000000000000'::uuid))
    WHERE status NOT IN ('canceled', 'incomplete_expired');
CREATE INDEX subscriptions_by_subscriber ON subscriptions (subscriber_id, created_at DESC, id DESC);

-- A paid invoice of a subscription (the first, each renewal, a proration), recorded once with its ledger transaction.
-- recipient_id is the creator whose tier it pays (NULL: the platform's plan). total includes tax.
CREATE TABLE subscription_invoices (
    invoice_id      text PRIMARY KEY,
    subscription_id uuid NOT NULL REFERENCES subscriptions (id),
    recipient_id    uuid,
    currency        char(3) NOT NULL,
    total           bigint NOT NULL CHECK (total > 0),
    tax             bigint NOT NULL CHECK (tax >= 0),
    fee             bigint NOT NULL CHECK (fee >= 0),
    country         char(2),
    tax_rate        numeric(7, 6) NOT NULL,
    billing_reason  text NOT NULL,
    period_start    timestamptz NOT NULL,
    period_end      timestamptz NOT NULL,
    paid_at         timestamptz NOT NULL,
    CHECK (fee + tax <= total)
);
CREATE INDEX subscription_invoices_by_subscription ON subscription_invoices (subscription_id, paid_at);

-- The ledger learns a third kind of transaction: a subscription's paid invoice (no payment row of its own).
ALTER TABLE ledger_transactions ALTER COLUMN payment_id DROP NOT NULL;
ALTER TABLE ledger_transactions ADD COLUMN invoice_id text REFERENCES subscription_invoices (invoice_id);
ALTER TABLE ledger_transactions DROP CONSTRAINT ledger_transactions_kind_check;
ALTER TABLE ledger_transactions ADD CONSTRAINT ledger_transactions_kind_check CHECK (kind IN ('charge', 'refund', 'subscription_charge'));
ALTER TABLE ledger_transactions ADD CONSTRAINT ledger_transactions_source_check CHECK (
    CASE WHEN kind = 'subscription_charge' THEN invoice_id IS NOT NULL AND payment_id IS NULL
         ELSE payment_id IS NOT NULL AND invoice_id IS NULL END);
CREATE UNIQUE INDEX ledger_one_invoice ON ledger_transactions (invoice_id) WHERE invoice_id IS NOT NULL;

-- Content only members of the creator's tiers (rank min_rank or above) may see.
CREATE TABLE members_only_content (
    content_id uuid PRIMARY KEY,
    creator_id uuid NOT NULL,
    min_rank   integer NOT NULL CHECK (min_rank BETWEEN 1 AND 100),
    updated_at timestamptz NOT NULL
);
