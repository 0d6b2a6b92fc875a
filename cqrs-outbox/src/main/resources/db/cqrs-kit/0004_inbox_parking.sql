-- cqrs-kit schema version 4, consumer-side parking: deliveries a consumer could not handle after its attempts,
-- and the later deliveries of the same ordering key held behind them, waiting for an operator. Idempotent.

CREATE TABLE IF NOT EXISTS cqrs_inbox_parked (
    -- Parking order: a held key is replayed in this order.
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    consumer       TEXT        NOT NULL,
    message_id     UUID        NOT NULL,
    ordering_key   TEXT        NOT NULL,
    event_type     TEXT        NOT NULL,
    payload        TEXT        NOT NULL,
    correlation_id UUID        NOT NULL,
    causation_id   UUID,
    tenant         TEXT,
    principal      TEXT,
    headers        TEXT        NOT NULL DEFAULT '{}',
    occurred_at    TIMESTAMPTZ NOT NULL,
    attempts       INTEGER     NOT NULL,
    -- Why it was parked: the handler's last failure, or the message it is held behind.
    reason         TEXT        NOT NULL,
    parked_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (consumer, message_id)
);

-- A delivery checks whether its key is held.
CREATE INDEX IF NOT EXISTS cqrs_inbox_parked_key ON cqrs_inbox_parked (consumer, ordering_key, id);
