package com.example.tasks;

import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.domain.InvalidValueException;
import dev.cqrskit.test.SequentialIdGenerator;
import dev.cqrskit.test.TestClock;
import dev.cqrskit.test.fake.InMemoryRepository;
import dev.cqrskit.test.fixture.CommandHandlerFixture;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The handler through a real command bus, against the in-memory fake of the Tasks port. */
class AddTaskHandlerTest {

    /** The fake implements the domain port by extending cqrs-test's in-memory repository. */
    static final class FakeTasks extends InMemoryRepository<Task, TaskId> implements Tasks {
        FakeTasks(MetadataFactory metadata) {
            super(InMemoryRepository.stateStored(
                    task -> Task.restore(task.id(), task.version(), task.title()), metadata));
        }
    }

    private final MetadataFactory metadata = new MetadataFactory(TestClock.fixed(), new SequentialIdGenerator());
    private final FakeTasks tasks = new FakeTasks(metadata);
    private final CommandHandlerFixture fixture = CommandHandlerFixture.builder(metadata)
            .repository(tasks)
            .commandBus(bus -> bus.handle(AddTask.class, new AddTaskHandler(tasks, new SequentialIdGenerator())))
            .build();

    @Test
    void addsATaskAndSavesTheEvent() {
        TaskId first = new TaskId(SequentialIdGenerator.id(1));

        fixture.givenNothing()
                .when(new AddTask("Write the docs"))
                .thenEvents(new TaskAdded(first, "Write the docs"))
                .thenResult(first)
                .thenEventsCarryCommandMetadata()
                .thenStored(tasks, first, task -> assertEquals(1, task.version()));
    }

    @Test
    void refusesABlankTitle() {
        assertThrows(InvalidValueException.class, () -> new AddTask(" "));
    }
}
