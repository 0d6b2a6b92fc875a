package com.example.tasks;

import dev.cqrskit.core.IdGenerator;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.bus.EventBus;
import dev.cqrskit.core.middleware.LoggingMiddleware;

import java.time.Clock;

/** The composition root: every object made once, with its collaborators passed in. */
public final class TasksApp {

    public static void main(String[] args) {
        Clock clock = Clock.systemUTC();
        IdGenerator ids = IdGenerator.timeOrdered(clock);
        MetadataFactory metadata = new MetadataFactory(clock, ids);
        EventBus events = EventBus.builder()
                .metadataFactory(metadata)
                .subscribe(TaskAdded.class, event -> System.out.println("Added: " + event.title()))
                .build();
        Tasks tasks = new InMemoryTasks(metadata, events);
        CommandBus commands = CommandBus.builder()
                .metadataFactory(metadata)
                .middleware(new LoggingMiddleware())
                .handle(AddTask.class, new AddTaskHandler(tasks, ids))
                .build();

        TaskId id = commands.dispatch(new AddTask("Read the cqrs-kit docs"));
        System.out.println("Task " + id.value() + " is stored at version " + tasks.get(id).version());
    }

    private TasksApp() {
    }
}
