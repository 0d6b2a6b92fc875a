package dev.cqrskit.eventstore;

import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.outbox.EventRecorder;
import dev.cqrskit.outbox.jdbi.CommittedEvents;
import dev.cqrskit.outbox.jdbi.HandleSource;
import dev.cqrskit.outbox.jdbi.JdbiAggregateRepository;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** A state-stored repository as a user writes it, here recording its events in the event store. */
final class JdbiNotebooks extends JdbiAggregateRepository<Notebook, String> {

    static final String SCHEMA = "CREATE TABLE IF NOT EXISTS notebooks (id TEXT PRIMARY KEY, pages BIGINT NOT NULL,"
            + " version BIGINT NOT NULL)";

    JdbiNotebooks(HandleSource transactions, EventRecorder events, MetadataFactory metadata) {
        super("Notebook", transactions, events, metadata, CommittedEvents.NONE);
    }

    @Override
    protected Optional<Notebook> load(Handle handle, String id) {
        return handle.createQuery("SELECT pages, version FROM notebooks WHERE id = ?")
                .bind(0, id)
                .map((rs, ctx) -> Notebook.restore(id, rs.getLong("version"), rs.getLong("pages")))
                .findOne();
    }

    @Override
    protected void insert(Handle handle, Notebook notebook, long version) {
        handle.execute("INSERT INTO notebooks (id, pages, version) VALUES (?, ?, ?)", notebook.id(),
                notebook.pages(), version);
    }

    @Override
    protected int update(Handle handle, Notebook notebook, long expectedVersion, long newVersion) {
        return handle.execute("UPDATE notebooks SET pages = ?, version = ? WHERE id = ? AND version = ?",
                notebook.pages(), newVersion, notebook.id(), expectedVersion);
    }
}
