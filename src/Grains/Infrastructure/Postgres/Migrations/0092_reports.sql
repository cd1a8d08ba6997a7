-- Reports, the queue of cases they open, strikes and appeals (Moderation; written only by ModerationStore).
--
-- A case is one target's open moderation item: every open report of the target and every automated flag on it (a
-- watched word) joins the same case, so the queue shows one item per target. The partial unique index makes "find or
-- open the target's case" one INSERT … ON CONFLICT. Priority is stored and recomputed on every change, so the queue's
-- first page is an index scan: (reporters' weight + flag score + model score) × (1 + log10(1 + reach)), where a
-- reporter's weight is the reason's severity times their past accuracy ((actioned + 1) / (resolved + 2)).
-- latest_reports keeps the newest three reports' reason, text and time, so a queue page reads no report rows.
-- Rounded to millionths, so a page cursor can carry it exactly. model_score is the seam for content analysis (issue 14): it adds to the same priority.
CREATE TABLE moderation_cases (
    id                uuid PRIMARY KEY,
    target_type       text NOT NULL,
    target_id         uuid NOT NULL,
    owner_id          uuid NOT NULL,
    status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    report_count      int NOT NULL DEFAULT 0,
    reporter_count    int NOT NULL DEFAULT 0,
    reasons           text[] NOT NULL DEFAULT '{}',
    latest_reports    jsonb NOT NULL DEFAULT '[]',
    flags             text[] NOT NULL DEFAULT '{}',
    held              boolean NOT NULL DEFAULT false,
    weight            double precision NOT NULL DEFAULT 0,
    flag_score        double precision NOT NULL DEFAULT 0,
    model_score       double precision NOT NULL DEFAULT 0,
    reach             bigint NOT NULL DEFAULT 0,
    priority          double precision NOT NULL DEFAULT 0,
    snapshot          jsonb,
    stream_id         uuid,
    escalate_at       timestamptz,
    claimed_by        uuid,
    claimed_until     timestamptz,
    opened_at         timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    resolved_at       timestamptz,
    resolved_by       uuid,
    action            text,
    resolution_reason text,
    note              text
);
-- (target_id first: the admin content console looks cases up by item id alone; ids are UUIDs, unique across kinds.)
CREATE UNIQUE INDEX moderation_cases_open_target ON moderation_cases (target_id, target_type) WHERE status = 'open';
CREATE INDEX moderation_cases_queue ON moderation_cases (priority DESC, id DESC) WHERE status = 'open';
CREATE INDEX moderation_cases_queue_by_type ON moderation_cases (target_type, priority DESC, id DESC) WHERE status = 'open';
CREATE INDEX moderation_cases_resolved ON moderation_cases (resolved_at DESC, id DESC) WHERE status = 'resolved';
CREATE INDEX moderation_cases_by_owner ON moderation_cases (owner_id);
CREATE INDEX moderation_cases_by_stream ON moderation_cases (stream_id, priority DESC, id DESC) WHERE status = 'open' AND stream_id IS NOT NULL;

CREATE FUNCTION moderation_priority(weight double precision, flag_score double precision, model_score double precision, reach bigint)
    RETURNS double precision LANGUAGE sql IMMUTABLE AS
$$ SELECT round(((weight + flag_score + model_score) * (1 + log(1 + greatest(reach, 0))))::numeric, 6)::double precision $$;

CREATE TABLE reports (
    id          uuid PRIMARY KEY,
    reporter_id uuid NOT NULL,
    case_id     uuid NOT NULL REFERENCES moderation_cases (id),
    target_type text NOT NULL,
    target_id   uuid NOT NULL,
    reason      text NOT NULL,
    text        text,
    rule_ids    int[] NOT NULL DEFAULT '{}',
    status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    outcome     text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz
);
CREATE UNIQUE INDEX reports_one_open ON reports (reporter_id, target_type, target_id) WHERE status = 'open';
CREATE INDEX reports_by_reporter ON reports (reporter_id, created_at DESC, id DESC);
CREATE INDEX reports_by_case ON reports (case_id, created_at DESC);
CREATE INDEX reports_by_target_owner ON reports (target_type, target_id);

-- How often a reporter's reports led to action: their weight in the priority.
CREATE TABLE reporter_accuracy (
    reporter_id uuid PRIMARY KEY,
    resolved    int NOT NULL DEFAULT 0,
    actioned    int NOT NULL DEFAULT 0
);

-- Every moderation action on an account or its content is a strike on the account.
CREATE TABLE strikes (
    id          uuid PRIMARY KEY,
    account_id  uuid NOT NULL,
    case_id     uuid REFERENCES moderation_cases (id),
    action      text NOT NULL,
    target_type text NOT NULL,
    target_id   uuid NOT NULL,
    reason      text NOT NULL,
    until       timestamptz,
    created_by  uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    reversed_at timestamptz
);
CREATE INDEX strikes_by_account ON strikes (account_id, created_at DESC, id DESC);

-- One appeal per strike (the primary key on strike_id), within the appeal window.
CREATE TABLE appeals (
    strike_id       uuid PRIMARY KEY REFERENCES strikes (id),
    id              uuid NOT NULL UNIQUE,
    account_id      uuid NOT NULL,
    text            text NOT NULL,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    decided_by      uuid,
    decided_at      timestamptz,
    decision_reason text
);
CREATE INDEX appeals_pending ON appeals (created_at, id) WHERE status = 'pending';
