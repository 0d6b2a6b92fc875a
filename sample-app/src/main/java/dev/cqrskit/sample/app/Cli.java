package dev.cqrskit.sample.app;

import dev.cqrskit.core.domain.DomainException;
import dev.cqrskit.outbox.relay.OutboxCounts;
import dev.cqrskit.outbox.relay.ParkedMessage;
import dev.cqrskit.sample.common.domain.Email;
import dev.cqrskit.sample.common.domain.UserId;
import dev.cqrskit.sample.user.application.MarkEmailVerified;
import dev.cqrskit.sample.user.application.RegisterUser;
import dev.cqrskit.sample.user.domain.DisplayName;
import dev.cqrskit.sample.user.domain.Role;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The operators' commands, against the database named by {@code DATABASE_URL}:
 * <pre>
 * user:create --email EMAIL --password PASSWORD [--display-name NAME] [--admin]
 * outbox:status
 * outbox:retry (--all | MESSAGE_ID)
 * </pre>
 */
final class Cli {

    static final String USAGE = String.join("\n",
            "usage: sample-app [serve | demo | user:create | outbox:status | outbox:retry]",
            "  serve                       run the service (the default)",
            "  demo                        run the walkthrough against an embedded service and exit",
            "  user:create --email E --password P [--display-name N] [--admin]",
            "                              create a user (verified) in the database of DATABASE_URL",
            "  outbox:status               pending and parked outbox messages",
            "  outbox:retry (--all | ID)   retry parked messages");

    private final PrintStream out;

    Cli(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs one command.
     *
     * @param config the settings
     * @param args   the command and its options
     * @return the exit code
     */
    int run(Config config, List<String> args) {
        String command = args.get(0);
        Map<String, String> options = options(args.subList(1, args.size()));
        if (config.databaseUrl().isEmpty()) {
            throw new ConfigException(command + " works on the database of a running app: set DATABASE_URL (the"
                    + " embedded database lives only as long as its app).");
        }
        try (SampleApplication app = SampleApplication.tools(config)) {
            switch (command) {
                case "user:create" -> createUser(app, options);
                case "outbox:status" -> status(app);
                case "outbox:retry" -> retry(app, options);
                default -> throw new IllegalArgumentException("unknown command '" + command + "'\n" + USAGE);
            }
        }
        return 0;
    }

    private void createUser(SampleApplication app, Map<String, String> options) {
        String email = required(options, "email");
        String password = required(options, "password");
        String name = options.getOrDefault("display-name", email.substring(0, Math.max(1, email.indexOf('@'))));
        Role role = options.containsKey("admin") ? Role.ADMIN : Role.USER;
        try {
            UserId id = app.commands().dispatch(new RegisterUser(new Email(email), password, new DisplayName(name),
                    role));
            app.commands().dispatch(new MarkEmailVerified(id));
            out.println("Created " + role.name().toLowerCase() + " " + email + " with id " + id);
        } catch (DomainException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private void status(SampleApplication app) {
        OutboxCounts counts = app.outbox().counts();
        out.println("Outbox: " + counts);
        for (ParkedMessage parked : app.outbox().parked(50)) {
            out.println("  parked " + parked);
        }
    }

    private void retry(SampleApplication app, Map<String, String> options) {
        if (options.containsKey("all")) {
            out.println("Retrying " + app.outbox().retryAll() + " parked message(s)");
            return;
        }
        String id = options.get("");
        if (id == null) {
            throw new IllegalArgumentException("outbox:retry needs --all or a message id\n" + USAGE);
        }
        UUID messageId;
        try {
            messageId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + id + "' is not a message id (a UUID)");
        }
        out.println(app.outbox().retry(messageId) ? "Retrying " + messageId : "No parked message " + messageId);
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required\n" + USAGE);
        }
        return value;
    }

    private static Map<String, String> options(List<String> args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("--")) {
                String name = arg.substring(2);
                boolean flag = name.equals("admin") || name.equals("all");
                if (!flag && i + 1 >= args.size()) {
                    throw new IllegalArgumentException(arg + " needs a value\n" + USAGE);
                }
                options.put(name, flag ? "true" : args.get(++i));
            } else {
                options.put("", arg);
            }
        }
        return options;
    }
}
