-- The admin user list (GET /users) as a read model: the subscription UserDirectory_v1 fills it from the users'
-- events in cqrs_events (user.infrastructure.UserDirectoryProjection). Its reset hook empties it, and a reset of the
-- subscription replays every user event into it: the table can always be rebuilt from the event store.

CREATE TABLE user_directory (
    id                  UUID        PRIMARY KEY,
    email               TEXT        NOT NULL,
    display_name        TEXT        NOT NULL,
    role                TEXT        NOT NULL,
    email_verified      BOOLEAN     NOT NULL,
    password_changed_at TIMESTAMPTZ NOT NULL,
    registered_at       TIMESTAMPTZ NOT NULL
);

-- Stable paging: oldest first, ties broken by id.
CREATE INDEX user_directory_registered ON user_directory (registered_at, id);
