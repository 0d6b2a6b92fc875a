package com.example.tasks;

import dev.cqrskit.core.domain.AggregateRoot;

/** A task: an aggregate that records what happened to it. */
public final class Task extends AggregateRoot<TaskId> {

    private final String title;

    private Task(TaskId id, long version, String title) {
        super(id, version);
        this.title = title;
    }

    /** Adds a new task and records that it happened. */
    public static Task add(TaskId id, String title) {
        Task task = new Task(id, NEW, title);
        task.record(new TaskAdded(id, title));
        return task;
    }

    /** Restores a stored task; records nothing. */
    public static Task restore(TaskId id, long version, String title) {
        return new Task(id, version, title);
    }

    public String title() {
        return title;
    }
}
