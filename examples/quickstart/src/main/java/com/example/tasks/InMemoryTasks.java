package com.example.tasks;

import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.bus.EventBus;
import dev.cqrskit.core.domain.ConcurrencyConflictException;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps tasks in memory and publishes their events once saved; a real app stores them in a database. */
public final class InMemoryTasks implements Tasks {

    private final Map<TaskId, Task> rows = new ConcurrentHashMap<>();
    private final MetadataFactory metadata;
    private final EventBus events;

    public InMemoryTasks(MetadataFactory metadata, EventBus events) {
        this.metadata = metadata;
        this.events = events;
    }

    @Override
    public Optional<Task> find(TaskId id) {
        return Optional.ofNullable(rows.get(id)).map(row -> Task.restore(id, row.version(), row.title()));
    }

    @Override
    public void save(Task task) {
        long next = task.version() + 1;
        rows.compute(task.id(), (id, stored) -> {
            long storedVersion = stored == null ? Task.NEW : stored.version();
            if (storedVersion != task.version()) {
                throw ConcurrencyConflictException.of("Task", id.value(), task.version(), storedVersion);
            }
            return Task.restore(id, next, task.title());
        });
        var stamped = metadata.stamp(task.uncommittedEvents());
        task.markCommitted(next);
        events.publishAll(stamped);
    }
}
