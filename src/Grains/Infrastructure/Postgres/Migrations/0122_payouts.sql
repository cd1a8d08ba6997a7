-- Creator payouts (issue 15): creators' Stripe Connect accounts and the payouts (transfers to those accounts) made from
-- their earnings. Written by the Payments domain only: creator_accounts and payouts by CreatorPayoutGrain (one per
-- creator, the single writer of its rows and of its payouts' ledger transactions).

-- A creator's connected account (Express): payouts_enabled as Stripe last said; held by an admin (audited) stops payouts.
CREATE TABLE creator_accounts (
    user_id         uuid PRIMARY KEY,
    account_id      text NOT NULL UNIQUE,
    payouts_enabled boolean NOT NULL DEFAULT false,
    held            boolean NOT NULL DEFAULT false,
    hold_reason     text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

-- A payout, recorded (pending) before Stripe's transfer is made with the payout's id as idempotency key; paid with its
-- ledger transaction in one commit. A pending payout counts against what is available, so it is never paid twice.
CREATE TABLE payouts (
    id          uuid PRIMARY KEY,
    creator_id  uuid NOT NULL,
    amount      bigint NOT NULL CHECK (amount > 0),
    currency    char(3) NOT NULL,
    status      text NOT NULL CHECK (status IN ('pending', 'paid', 'failed')),
    transfer_id text UNIQUE,
    failure     text,
    created_at  timestamptz NOT NULL,
    settled_at  timestamptz
);
CREATE INDEX payouts_by_creator ON payouts (creator_id, created_at DESC);

-- The ledger's fourth kind: a payout moves a creator's earnings out of Stripe's balance to their connected account.
ALTER TABLE ledger_transactions ADD COLUMN payout_id uuid REFERENCES payouts (id);
ALTER TABLE ledger_transactions DROP CONSTRAINT ledger_transactions_kind_check;
ALTER TABLE ledger_transactions ADD CONSTRAINT ledger_transactions_kind_check CHECK (kind IN ('charge', 'refund', 'subscription_charge', 'payout'));
ALTER TABLE ledger_transactions DROP CONSTRAINT ledger_transactions_source_check;
ALTER TABLE ledger_transactions ADD CONSTRAINT ledger_transactions_source_check CHECK (
    CASE kind
        WHEN 'subscription_charge' THEN invoice_id IS NOT NULL AND payment_id IS NULL AND payout_id IS NULL
        WHEN 'payout' THEN payout_id IS NOT NULL AND payment_id IS NULL AND invoice_id IS NULL
        ELSE payment_id IS NOT NULL AND invoice_id IS NULL AND payout_id IS NULL
    END);
CREATE UNIQUE INDEX ledger_one_payout ON ledger_transactions (payout_id) WHERE payout_id IS NOT NULL;
-- Earnings read a creator's entries by account and time.
CREATE INDEX ledger_transactions_created ON ledger_transactions (created_at);
