-- cqrs-kit schema version 3: cheaper outbox appends (docs/benchmarks.md, append cost), and a queue table's vacuum.
-- Released: never edit; change it in a new version. Runs in the installer's transaction; rewrites cqrs_outbox once
-- (the ALTER TYPE), which holds an exclusive lock on it for as long as that takes: the table is as small as the backlog.

-- Payload and headers are written once and read back as text by the relay; nothing queries inside them. json keeps
-- the text as given (a syntax check on insert), jsonb parses it into a binary form and prints it again on every read.
ALTER TABLE cqrs_outbox
    ALTER COLUMN payload TYPE json USING payload::json,
    ALTER COLUMN headers TYPE json USING headers::json,
    ALTER COLUMN headers SET DEFAULT '{}'::json;

-- Message ids are UUIDv7s that cqrs-kit generates; consumers deduplicate on them (Inbox). The unique index cost every
-- append an index insert; operators look messages up by id only among parked rows (retry, discard), which a
-- partial index serves for free: rows are never parked when they are inserted.
ALTER TABLE cqrs_outbox DROP CONSTRAINT IF EXISTS cqrs_outbox_message_id_unique;
CREATE INDEX IF NOT EXISTS cqrs_outbox_parked_message_id ON cqrs_outbox (message_id) WHERE parked_at IS NOT NULL;

-- A queue table: rows are inserted, deleted soon after, and the table should stay as small as the backlog. Vacuum
-- after a fixed number of dead rows instead of a fraction of a table that is often nearly empty, and without the
-- cost-based pauses that let a busy outbox bloat. (Parameters that PostgreSQL 12 knows, the oldest we support.)
ALTER TABLE cqrs_outbox SET (
    autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 10000,
    autovacuum_vacuum_cost_limit = 2000,
    autovacuum_vacuum_cost_delay = 0
);
ALTER TABLE cqrs_inbox SET (
    autovacuum_vacuum_scale_factor = 0.05,
    autovacuum_vacuum_threshold = 10000
);
