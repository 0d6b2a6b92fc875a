package com.example.tasks;

import dev.cqrskit.core.domain.Require;

import java.util.UUID;

/** A task's identity. */
public record TaskId(UUID value) {

    public TaskId {
        Require.present("value", value);
    }
}
