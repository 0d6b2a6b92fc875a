package com.example.tasks;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.domain.Require;

/** Add a task to the list: a command that validates itself and answers the new task's id. */
public record AddTask(String title) implements Command<TaskId> {

    public AddTask {
        Require.maxLength("title", Require.notBlank("title", title), 200);
    }
}
