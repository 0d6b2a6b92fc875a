package com.example.tasks;

import dev.cqrskit.core.domain.Repository;

/** The domain's port for tasks. */
public interface Tasks extends Repository<Task, TaskId> {
}
