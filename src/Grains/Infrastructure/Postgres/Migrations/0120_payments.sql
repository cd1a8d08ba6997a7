-- Payments (issue 15): one-off payments (tips, video purchases) through Stripe, their refunds, the prices owners set on
-- their videos, buyers' Stripe customers, the Stripe events applied, and the double-entry ledger. Written by the
-- Payments domain only: video_prices by VideoPriceGrain (one per video); payments, payment_refunds and the ledger by
-- PaymentGrain (one per payment, the single writer of its rows); stripe_customers by PaymentStore (insert-only, the
-- first row wins); stripe_events by StripeEventGrain (one per event id).

-- The price an owner asks for a video (minor units of its currency). A buyer never sets what a video costs.
CREATE TABLE video_prices (
    video_id   uuid PRIMARY KEY,
    owner_id   uuid NOT NULL,
    amount     bigint NOT NULL CHECK (amount > 0),
    currency   char(3) NOT NULL,
    updated_at timestamptz NOT NULL
);

-- A buyer's Stripe customer, created once (with an idempotency key derived from the user id, so two racing creators
-- get the same customer from Stripe).
CREATE TABLE stripe_customers (
    user_id     uuid PRIMARY KEY,
    customer_id text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- One payment per (buyer, Idempotency-Key): the row is written (status pending) before Stripe is called, so a crash
-- between the call and the answer leaves a row that a retry, a webhook or a reconciliation completes. amount is the
-- net (price or tip), tax is added on top (total), fee is the platform's part of the net; the creator's share is
-- amount - fee. fingerprint is the request's canonical form: the same key with another request is refused.
CREATE TABLE payments (
    id              uuid PRIMARY KEY,
    buyer_id        uuid NOT NULL,
    idempotency_key text NOT NULL,
    fingerprint     text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('tip', 'video_purchase')),
    target_id       uuid NOT NULL,
    recipient_id    uuid NOT NULL,
    payment_method  text NOT NULL,
    currency        char(3) NOT NULL,
    amount          bigint NOT NULL CHECK (amount > 0),
    tax             bigint NOT NULL CHECK (tax >= 0),
    fee             bigint NOT NULL CHECK (fee >= 0 AND fee <= amount),
    total           bigint NOT NULL CHECK (total = amount + tax),
    country         char(2),
    tax_rate        numeric(7, 6) NOT NULL,
    status          text NOT NULL CHECK (status IN ('pending', 'requires_action', 'succeeded', 'failed')),
    refunded        bigint NOT NULL DEFAULT 0 CHECK (refunded >= 0 AND refunded <= total),
    intent_id       text UNIQUE,
    failure_code    text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    settled_at      timestamptz,
    UNIQUE (buyer_id, idempotency_key)
);
CREATE INDEX payments_history ON payments (buyer_id, created_at DESC, id DESC);
-- One live purchase of a video per buyer: another attempt is refused while one is pending, awaiting action or paid
-- (and not wholly refunded).
CREATE UNIQUE INDEX payments_one_purchase ON payments (buyer_id, target_id)
    WHERE kind = 'video_purchase' AND status <> 'failed' AND refunded < total;

-- A refund is recorded (pending) before Stripe is called with the refund's id as idempotency key; settled with its
-- ledger transaction in one commit.
CREATE TABLE payment_refunds (
    id               uuid PRIMARY KEY,
    payment_id       uuid NOT NULL REFERENCES payments (id),
    amount           bigint NOT NULL CHECK (amount > 0),
    reason           text NOT NULL,
    requested_by     uuid,
    by_admin         boolean NOT NULL,
    status           text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    stripe_refund_id text UNIQUE,
    created_at       timestamptz NOT NULL,
    settled_at       timestamptz
);
CREATE INDEX payment_refunds_by_payment ON payment_refunds (payment_id, created_at);

-- Stripe events applied (or acknowledged and ignored), by Stripe's event id: a redelivery finds its row and does nothing.
CREATE TABLE stripe_events (
    id          text PRIMARY KEY,
    type        text NOT NULL,
    outcome     text NOT NULL CHECK (outcome IN ('applied', 'ignored')),
    received_at timestamptz NOT NULL DEFAULT now()
);

-- The ledger: immutable, double-entry, minor units. A transaction is one movement of money (a payment's charge with
-- its tax, fee and creator share; a refund with its proportional reversal); its entries sum to zero in its currency
-- (debits positive, credits negative), which the deferred trigger below checks at commit. Balances are sums of
-- entries, never stored. Accounts: stripe_balance (money held at Stripe), platform_revenue, creator:{user id},
-- tax:{country}.
CREATE TABLE ledger_transactions (
    id         uuid PRIMARY KEY,
    kind       text NOT NULL CHECK (kind IN ('charge', 'refund')),
    payment_id uuid NOT NULL REFERENCES payments (id),
    refund_id  uuid REFERENCES payment_refunds (id),
    currency   char(3) NOT NULL,
    created_at timestamptz NOT NULL,
    CHECK ((kind = 'refund') = (refund_id IS NOT NULL))
);
-- A payment is charged once and a refund reversed once, whichever path (the synchronous answer, a webhook) comes first.
CREATE UNIQUE INDEX ledger_one_charge ON ledger_transactions (payment_id) WHERE kind = 'charge';
CREATE UNIQUE INDEX ledger_one_refund ON ledger_transactions (refund_id) WHERE kind = 'refund';
CREATE INDEX ledger_transactions_by_payment ON ledger_transactions (payment_id);

CREATE TABLE ledger_entries (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transaction_id uuid NOT NULL REFERENCES ledger_transactions (id),
    account        text NOT NULL,
    amount         bigint NOT NULL CHECK (amount <> 0),
    currency       char(3) NOT NULL
);
CREATE INDEX ledger_entries_by_transaction ON ledger_entries (transaction_id);
CREATE INDEX ledger_entries_by_account ON ledger_entries (account, currency);

CREATE FUNCTION ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
               WHERE e.transaction_id = NEW.transaction_id
               GROUP BY t.id HAVING sum(e.amount) <> 0 OR bool_or(e.currency <> t.currency)) THEN
        RAISE EXCEPTION 'ledger transaction % does not balance', NEW.transaction_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced();

CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE ON ledger_transactions
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_transactions_no_truncate BEFORE TRUNCATE ON ledger_transactions
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
