package com.example.tasks;

import dev.cqrskit.core.IdGenerator;
import dev.cqrskit.core.bus.CommandHandler;

/** Handles {@link AddTask}: creates the task and saves it. */
public final class AddTaskHandler implements CommandHandler<AddTask, TaskId> {

    private final Tasks tasks;
    private final IdGenerator ids;

    public AddTaskHandler(Tasks tasks, IdGenerator ids) {
        this.tasks = tasks;
        this.ids = ids;
    }

    @Override
    public TaskId handle(AddTask command) {
        Task task = Task.add(new TaskId(ids.nextId()), command.title());
        tasks.save(task);
        return task.id();
    }
}
