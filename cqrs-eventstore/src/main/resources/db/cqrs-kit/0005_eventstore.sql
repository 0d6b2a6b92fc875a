-- cqrs-kit schema version 5, the event store (cqrs-eventstore). EventStoreSchema.install(jdbi) runs it through the
-- versioned installer, which records it in cqrs_schema_history; its statements are idempotent too.

-- One row per stream: its current version. Appends lock this row, which serializes the appends of one stream, so
-- a stream's commit order is its version order is its position order.
CREATE TABLE IF NOT EXISTS cqrs_streams (
    stream_id TEXT   PRIMARY KEY,
    version   BIGINT NOT NULL CHECK (version >= 0),
    tenant    TEXT
);

CREATE TABLE IF NOT EXISTS cqrs_events (
    -- Global insertion order. Not commit order: a lower position may commit after a higher one, and rolled-back
    -- appends leave holes. Subscriptions therefore never follow it alone (see docs/adr/0004-gap-safe-subscriptions.md).
    position        BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream_id       TEXT        NOT NULL,
    stream_version  BIGINT      NOT NULL CHECK (stream_version >= 1),
    -- The metadata columns as cqrs_outbox stores them, encoded by the same EventCodec.
    message_id      UUID        NOT NULL,
    event_type      TEXT        NOT NULL,
    payload         JSONB       NOT NULL,
    correlation_id  UUID        NOT NULL,
    causation_id    UUID,
    tenant          TEXT,
    principal       TEXT,
    headers         JSONB       NOT NULL DEFAULT '{}'::jsonb,
    occurred_at     TIMESTAMPTZ NOT NULL,
    -- The writing (top-level) transaction: subscriptions cut the log by commit with pg_current_snapshot().
    transaction_id  XID8        NOT NULL DEFAULT pg_current_xact_id(),
    recorded_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT cqrs_events_stream_version_unique UNIQUE (stream_id, stream_version)
);

-- Finds the events of the transactions a snapshot window adds (xid >= xmax of the last cut, or one of its xip).
CREATE INDEX IF NOT EXISTS cqrs_events_transaction ON cqrs_events (transaction_id);

-- Durable subscriptions. The checkpoint is a commit cut, not a position: every event of a transaction visible in
-- committed_snapshot is handled; of the transactions visible in window_snapshot but not in committed_snapshot, the
-- events up to window_position are handled. revision grows with every write: runners compare-and-set on it.
CREATE TABLE IF NOT EXISTS cqrs_subscriptions (
    subscription_id    TEXT        PRIMARY KEY,
    committed_snapshot PG_SNAPSHOT NOT NULL,
    window_snapshot    PG_SNAPSHOT,
    window_position    BIGINT      NOT NULL DEFAULT 0,
    revision           BIGINT      NOT NULL DEFAULT 0,
    status             TEXT        NOT NULL DEFAULT 'CATCHING_UP',
    handled_count      BIGINT      NOT NULL DEFAULT 0,
    failed_position    BIGINT,
    failed_event_type  TEXT,
    failed_error       TEXT,
    failed_at          TIMESTAMPTZ,
    owner              TEXT,
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Events an operator chose to skip for one subscription, with who and why: a skip is recorded, never silent.
CREATE TABLE IF NOT EXISTS cqrs_subscription_skips (
    subscription_id TEXT        NOT NULL,
    position        BIGINT      NOT NULL,
    reason          TEXT        NOT NULL,
    skipped_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (subscription_id, position)
);

-- Whether some subscription runner is idle and LISTENing, and until when (runners refresh it while idle; it
-- expires by itself when they stop). Appends notify only while it holds: NOTIFY serializes the commits of notifying
-- transactions, so busy runners, which need no wake-up, must not make every writer pay for one.
CREATE TABLE IF NOT EXISTS cqrs_events_wakeup (
    id            BOOLEAN     PRIMARY KEY DEFAULT true CHECK (id),
    waiting_until TIMESTAMPTZ NOT NULL DEFAULT '-infinity'
);
INSERT INTO cqrs_events_wakeup (id) VALUES (true) ON CONFLICT DO NOTHING;

CREATE OR REPLACE FUNCTION cqrs_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM cqrs_events_wakeup WHERE waiting_until > now()) THEN
        PERFORM pg_notify('cqrs_events', '');
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS cqrs_events_notify ON cqrs_events;
CREATE TRIGGER cqrs_events_notify AFTER INSERT ON cqrs_events
    FOR EACH STATEMENT EXECUTE FUNCTION cqrs_events_notify();
