-- A module's version for the installer tests: what cqrs-eventstore's first version looks like to the installer.
CREATE TABLE cqrs_test_streams (stream_id TEXT PRIMARY KEY, version BIGINT NOT NULL);
