package dev.cqrskit.examples.gettingstarted;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.domain.Require;

import java.util.regex.Pattern;

/** Register a user: a command, a record that validates in its compact constructor, answering the new id. */
// tag::command[]
public record RegisterUser(String email) implements Command<UserId> {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    public RegisterUser {
        Require.matches("email", Require.notBlank("email", email), EMAIL, "an email address");
    }
}
// end::command[]
