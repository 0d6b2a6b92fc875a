-- cqrs-kit inbox (cqrs-outbox 0.1.0): which messages each consumer has already handled.
-- Flyway-compatible; OutboxSchema.install(jdbi) runs it too. Idempotent.

CREATE TABLE IF NOT EXISTS cqrs_inbox (
    consumer     TEXT        NOT NULL,
    message_id   UUID        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, message_id)
);

-- Retention cleanup deletes by age.
CREATE INDEX IF NOT EXISTS cqrs_inbox_processed_at ON cqrs_inbox (processed_at);
