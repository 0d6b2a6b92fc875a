package dev.cqrskit.examples.springboot;

import dev.cqrskit.core.IdGenerator;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.bus.CommandHandler;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.outbox.jdbi.HandleSource;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

// tag::handler[]
/** Stores the book with JdbcTemplate and its event in the outbox: one Spring transaction, both or neither. */
@Component
public class RegisterBookHandler implements CommandHandler<RegisterBook, UUID> {

    private final JdbcTemplate jdbc;
    private final HandleSource handles;
    private final Outbox outbox;
    private final MetadataFactory metadata;
    private final IdGenerator ids;

    public RegisterBookHandler(JdbcTemplate jdbc, HandleSource handles, Outbox outbox, MetadataFactory metadata) {
        this.jdbc = jdbc;
        this.handles = handles;
        this.outbox = outbox;
        this.metadata = metadata;
        this.ids = IdGenerator.timeOrdered(metadata.clock());
    }

    @Override
    @Transactional
    public UUID handle(RegisterBook command) {
        UUID id = ids.nextId();
        jdbc.update("INSERT INTO books (id, title) VALUES (?, ?)", id, command.title());
        var events = metadata.stamp(List.of(new BookRegistered(id, command.title())));
        handles.withHandle(handle -> {
            outbox.append(handle, id.toString(), events);
            return null;
        });
        return id;
    }
}
// end::handler[]
