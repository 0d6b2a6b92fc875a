package dev.cqrskit.examples.springboot;

import dev.cqrskit.core.bus.QueryBus;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /books/{id}}: the book, or 404. */
@RestController
public class GetBookAction {

    private final QueryBus queries;

    public GetBookAction(QueryBus queries) {
        this.queries = queries;
    }

    @GetMapping("/books/{id}")
    public ResponseEntity<Book> get(@PathVariable UUID id) {
        return ResponseEntity.of(queries.dispatch(new BookById(id)));
    }
}
