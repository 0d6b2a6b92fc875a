-- cqrs-kit schema version 2: the inbox, which messages each consumer has already handled, as cqrs-outbox 0.1.0
-- shipped it (db/cqrs/V2__inbox.sql). Released: never edit. Idempotent, like version 1.

CREATE TABLE IF NOT EXISTS cqrs_inbox (
    consumer     TEXT        NOT NULL,
    message_id   UUID        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, message_id)
);

-- Retention cleanup deletes by age.
CREATE INDEX IF NOT EXISTS cqrs_inbox_processed_at ON cqrs_inbox (processed_at);
