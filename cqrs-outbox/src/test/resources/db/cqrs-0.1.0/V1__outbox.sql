-- cqrs-kit transactional outbox (cqrs-outbox 0.1.0). Flyway-compatible; OutboxSchema.install(jdbi) runs it too.
-- Every statement is idempotent, so running it twice is harmless.

CREATE TABLE IF NOT EXISTS cqrs_outbox (
    -- Insertion order. Within one ordering key, rows are published in id order.
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The consumers' deduplication key (Metadata.messageId).
    message_id      UUID        NOT NULL,
    -- Events with the same key are published one after another, in id order (aggregate type + id by default).
    ordering_key    TEXT        NOT NULL,
    -- Stable event type name from the EventTypes registry, never a class name.
    event_type      TEXT        NOT NULL,
    payload         JSONB       NOT NULL,
    correlation_id  UUID        NOT NULL,
    causation_id    UUID,
    tenant          TEXT,
    principal       TEXT,
    -- Metadata headers as a JSON object of strings; trace context lives under "traceparent".
    headers         JSONB       NOT NULL DEFAULT '{}'::jsonb,
    occurred_at     TIMESTAMPTZ NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Attempt bookkeeping, written by the relay.
    attempts        INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT '-infinity',
    parked_at       TIMESTAMPTZ,
    last_error      TEXT,
    CONSTRAINT cqrs_outbox_message_id_unique UNIQUE (message_id)
);

-- Finds the head (lowest id) of a key, and the rows that follow it, with index-only probes.
CREATE INDEX IF NOT EXISTS cqrs_outbox_key_order ON cqrs_outbox (ordering_key, id);

-- Parked rows are few; operators list them and the relay skips their keys.
CREATE INDEX IF NOT EXISTS cqrs_outbox_parked ON cqrs_outbox (parked_at) WHERE parked_at IS NOT NULL;

-- Whether some relay is idle and LISTENing, and until when (relays refresh it at every idle poll; it expires by
-- itself when they stop). Appends notify only while it holds: NOTIFY serializes the commits of notifying
-- transactions, so a busy relay, which needs no wake-up, must not make every writer pay for one.
CREATE TABLE IF NOT EXISTS cqrs_outbox_wakeup (
    id            BOOLEAN     PRIMARY KEY DEFAULT true CHECK (id),
    waiting_until TIMESTAMPTZ NOT NULL DEFAULT '-infinity'
);
INSERT INTO cqrs_outbox_wakeup (id) VALUES (true) ON CONFLICT DO NOTHING;

-- At most one notification per transaction (PostgreSQL folds identical notifications of a transaction), delivered
-- at commit; relays that LISTEN on cqrs_outbox wake up at once instead of waiting for the next poll.
CREATE OR REPLACE FUNCTION cqrs_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM cqrs_outbox_wakeup WHERE waiting_until > now()) THEN
        PERFORM pg_notify('cqrs_outbox', '');
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS cqrs_outbox_notify ON cqrs_outbox;
CREATE TRIGGER cqrs_outbox_notify AFTER INSERT ON cqrs_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION cqrs_outbox_notify();
