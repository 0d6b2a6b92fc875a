package dev.cqrskit.eventstore;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.domain.EventSourcedAggregate;
import java.util.List;
import java.util.UUID;

/** The smallest event-sourced aggregate: a counter. */
final class Counter extends EventSourcedAggregate<UUID, Counter.Counted> {

    /** What a counter records. */
    record Counted(UUID id, int value) implements DomainEvent {
    }

    private int value;

    private Counter(UUID id) {
        super(id);
    }

    static Counter start(UUID id) {
        Counter counter = new Counter(id);
        counter.raise(new Counted(id, 0));
        return counter;
    }

    static Counter restore(UUID id, List<Counted> history) {
        Counter counter = new Counter(id);
        counter.replay(history);
        return counter;
    }

    void increment() {
        raise(new Counted(id(), value + 1));
    }

    int value() {
        return value;
    }

    @Override
    protected void apply(Counted event) {
        value = event.value();
    }
}
