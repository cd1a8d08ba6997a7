-- Accounts and everything a sign-in needs. Uniqueness of email and username is PostgreSQL's job.
CREATE EXTENSION IF NOT EXISTS citext;

CREATE TABLE accounts (
    id                  uuid PRIMARY KEY,
    email               citext NOT NULL,
    username            citext NOT NULL,
    password_hash       text NOT NULL,
    email_verified      boolean NOT NULL DEFAULT false,
    roles               text[] NOT NULL DEFAULT ARRAY['user'],
    totp_secret         text,
    totp_pending_secret text,
    totp_last_step      bigint,            -- a TOTP code is accepted once (no replay within its window)
    disabled_at         timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT accounts_email_key UNIQUE (email),
    CONSTRAINT accounts_username_key UNIQUE (username)
);

-- A session is one refresh-token family; its tokens rotate on every refresh.
CREATE TABLE sessions (
    id            uuid PRIMARY KEY,
    user_id       uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    ip_address    text,
    user_agent    text,
    revoked_at    timestamptz,
    revoke_reason text
);
CREATE INDEX sessions_user_active ON sessions (user_id) WHERE revoked_at IS NULL;

CREATE TABLE refresh_tokens (
    token_hash bytea PRIMARY KEY,          -- SHA-256 of the token; the token itself is never stored
    session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    used_at    timestamptz                 -- set when rotated; presenting it again is reuse
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

-- One-time links sent by email.
CREATE TABLE account_tokens (
    token_hash bytea PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose    text NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);

CREATE TABLE recovery_codes (
    user_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    code_hash bytea NOT NULL,
    used_at   timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

-- Accounts linked to an OpenID Connect provider's subject.
CREATE TABLE external_logins (
    provider   text NOT NULL,
    subject    text NOT NULL,
    user_id    uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    email      citext,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, subject)
);

-- Emails are written here in the same transaction as their cause, then sent by the dispatcher.
CREATE TABLE email_outbox (
    id              uuid PRIMARY KEY,
    kind            text NOT NULL,
    recipient       text NOT NULL,
    subject         text NOT NULL,
    text_body       text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    attempts        int NOT NULL DEFAULT 0,
    sent_at         timestamptz,
    last_error      text
);
CREATE INDEX email_outbox_pending ON email_outbox (next_attempt_at) WHERE sent_at IS NULL;
