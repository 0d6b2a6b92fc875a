package dev.cqrskit.examples.springboot;

import dev.cqrskit.core.bus.QueryHandler;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads one book. */
@Component
public class BookByIdHandler implements QueryHandler<BookById, Optional<Book>> {

    private final JdbcTemplate jdbc;

    public BookByIdHandler(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Book> handle(BookById query) {
        return jdbc.query("SELECT id, title FROM books WHERE id = ?",
                (row, n) -> new Book(row.getObject("id", java.util.UUID.class), row.getString("title")),
                query.id()).stream().findFirst();
    }
}
