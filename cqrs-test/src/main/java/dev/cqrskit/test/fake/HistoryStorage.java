package dev.cqrskit.test.fake;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.domain.AggregateRoot;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** Keeps the events of each event-sourced aggregate and restores it from them; the version is the count. */
final class HistoryStorage<A extends AggregateRoot<ID>, ID, E extends DomainEvent>
        implements InMemoryRepository.Storage<A, ID> {

    private final BiFunction<? super ID, ? super List<E>, ? extends A> restore;

    HistoryStorage(BiFunction<? super ID, ? super List<E>, ? extends A> restore) {
        this.restore = restore;
    }

    @Override
    @SuppressWarnings("unchecked")
    public A load(ID id, InMemoryRepository.Stored<A> stored) {
        A restored = restore.apply(id, (List<E>) (List<?>) stored.events());
        if (restored == null || restored.version() != stored.version()) {
            throw new IllegalStateException("The restore function of this InMemoryRepository turned "
                    + stored.version() + " events of " + id + " into " + restored + "; it must replay them all so"
                    + " that the version equals their count (EventSourcedAggregate.replay does).");
        }
        return restored;
    }

    @Override
    public InMemoryRepository.Stored<A> next(A aggregate, InMemoryRepository.Stored<A> current,
                                             List<DomainEvent> newEvents) {
        List<DomainEvent> events = new ArrayList<>(current == null ? List.of() : current.events());
        events.addAll(newEvents);
        return new InMemoryRepository.Stored<>(events.size(), List.copyOf(events), null);
    }

    @Override
    public InMemoryRepository.Stored<A> fromHistory(ID id, List<? extends DomainEvent> history) {
        return new InMemoryRepository.Stored<>(history.size(), List.copyOf(history), null);
    }

    @Override
    public InMemoryRepository.Stored<A> asStored(A aggregate) {
        throw new IllegalStateException("This repository stores the events of aggregates, so it cannot store "
                + aggregate + " as a state; give its past events with givenHistory(id, events) instead.");
    }
}
