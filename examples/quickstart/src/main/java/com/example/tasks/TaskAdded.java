package com.example.tasks;

import dev.cqrskit.core.DomainEvent;

/** A task was added: an event, in the past tense. */
public record TaskAdded(TaskId taskId, String title) implements DomainEvent {
}
