package dev.cqrskit.eventstore;

import dev.cqrskit.core.domain.AggregateRoot;

/** A state-stored aggregate for the recorder tests: a notebook that records a {@link Noted} per page written. */
final class Notebook extends AggregateRoot<String> {

    private long pages;

    private Notebook(String id, long version, long pages) {
        super(id, version);
        this.pages = pages;
    }

    static Notebook open(String id) {
        return new Notebook(id, NEW, 0);
    }

    static Notebook restore(String id, long version, long pages) {
        return new Notebook(id, version, pages);
    }

    void write() {
        pages++;
        record(new Noted(id(), pages));
    }

    long pages() {
        return pages;
    }
}
