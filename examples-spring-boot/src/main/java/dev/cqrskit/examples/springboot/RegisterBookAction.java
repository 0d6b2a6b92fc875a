package dev.cqrskit.examples.springboot;

import dev.cqrskit.core.bus.CommandBus;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /books {"title": ...}}: 201 with the new book's id. */
@RestController
public class RegisterBookAction {

    /** The request body. */
    public record Body(String title) {
    }

    private final CommandBus commands;

    public RegisterBookAction(CommandBus commands) {
        this.commands = commands;
    }

    @PostMapping("/books")
    public ResponseEntity<Map<String, UUID>> register(@RequestBody Body body) {
        UUID id = commands.dispatch(new RegisterBook(body.title()));
        return ResponseEntity.created(URI.create("/books/" + id)).body(Map.of("id", id));
    }
}
