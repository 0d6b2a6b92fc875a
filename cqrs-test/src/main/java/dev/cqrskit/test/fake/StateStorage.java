package dev.cqrskit.test.fake;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.domain.AggregateRoot;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Keeps a copy of each state-stored aggregate; each save adds one to the version. */
final class StateStorage<A extends AggregateRoot<ID>, ID> implements InMemoryRepository.Storage<A, ID> {

    private final UnaryOperator<A> copy;

    StateStorage(UnaryOperator<A> copy) {
        this.copy = copy;
    }

    @Override
    public A load(ID id, InMemoryRepository.Stored<A> stored) {
        return copyOf(stored.snapshot(), stored.version());
    }

    @Override
    public InMemoryRepository.Stored<A> next(A aggregate, InMemoryRepository.Stored<A> current,
                                             List<DomainEvent> newEvents) {
        long version = aggregate.version() + 1;
        A snapshot = copyOf(aggregate, aggregate.version());
        snapshot.markCommitted(version);   // also drops any events the copy function carried over
        List<DomainEvent> events = new ArrayList<>(current == null ? List.of() : current.events());
        events.addAll(newEvents);
        return new InMemoryRepository.Stored<>(version, List.copyOf(events), snapshot);
    }

    @Override
    public InMemoryRepository.Stored<A> fromHistory(ID id, List<? extends DomainEvent> history) {
        throw new IllegalStateException("This repository stores the state of aggregates, not their events, so it"
                + " cannot be given a history for " + id + ". Save an aggregate in the given state instead, or use"
                + " InMemoryRepository.eventSourced(...) for an EventSourcedAggregate.");
    }

    @Override
    public InMemoryRepository.Stored<A> asStored(A aggregate) {
        return new InMemoryRepository.Stored<>(aggregate.version(), List.of(), copyOf(aggregate, aggregate.version()));
    }

    private A copyOf(A original, long expectedVersion) {
        A copied = copy.apply(original);
        if (copied == null || copied == original) {
            throw new IllegalStateException("The copy function of this InMemoryRepository returned "
                    + (copied == null ? "null" : "the same instance") + " for " + original + "; it must return a"
                    + " new, independent instance, usually through the aggregate's restore factory.");
        }
        if (copied.version() != expectedVersion || !copied.id().equals(original.id())) {
            throw new IllegalStateException("The copy function of this InMemoryRepository turned " + original
                    + " into " + copied + "; it must keep the id and the version (pass aggregate.version() to the"
                    + " restore factory).");
        }
        return copied;
    }
}
