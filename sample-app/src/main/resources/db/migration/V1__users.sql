-- The sample app's own tables. The outbox and inbox tables come from cqrs-outbox (db/cqrs), migrated separately.

CREATE TABLE users (
    id                  UUID        PRIMARY KEY,
    email               TEXT        NOT NULL,
    display_name        TEXT        NOT NULL,
    role                TEXT        NOT NULL CHECK (role IN ('USER', 'ADMIN')),
    password_hash       TEXT        NOT NULL,
    email_verified      BOOLEAN     NOT NULL DEFAULT FALSE,
    password_changed_at TIMESTAMPTZ NOT NULL,
    registered_at       TIMESTAMPTZ NOT NULL,
    version             BIGINT      NOT NULL,
    CONSTRAINT users_email_unique UNIQUE (email)
);

-- Stable paging: oldest first, ties broken by id.
CREATE INDEX users_registered ON users (registered_at, id);

CREATE TABLE verification_codes (
    user_id       UUID        PRIMARY KEY,
    email         TEXT        NOT NULL,
    code_hash     TEXT        NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    attempts_left INTEGER     NOT NULL,
    verified      BOOLEAN     NOT NULL DEFAULT FALSE,
    version       BIGINT      NOT NULL
);
