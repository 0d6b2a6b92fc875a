package dev.cqrskit.sample.auth.application;

import dev.cqrskit.core.bus.CommandHandler;
import dev.cqrskit.core.bus.QueryBus;
import dev.cqrskit.core.domain.InvalidValueException;
import dev.cqrskit.core.domain.Result;
import dev.cqrskit.sample.common.domain.Email;
import dev.cqrskit.sample.user.application.Credentials;
import dev.cqrskit.sample.user.application.CredentialsByEmail;
import dev.cqrskit.sample.user.domain.PasswordHash;
import dev.cqrskit.sample.user.domain.PasswordHasher;

import java.util.Locale;
import java.util.Optional;

/**
 * Logs a user in. A wrong email and a wrong password answer identically, and take as long: an unknown email is
 * checked against a dummy hash. Failures are throttled per account and per client.
 */
public final class LoginHandler implements CommandHandler<CreateToken, Result<IssuedToken>> {

    /** Failure code: wrong email or password. */
    public static final String INVALID_CREDENTIALS = "invalid-credentials";
    /** Failure code: throttled. */
    public static final String THROTTLED = "too-many-attempts";

    private final QueryBus queries;
    private final PasswordHasher hasher;
    private final Tokens tokens;
    private final LoginThrottle throttle;
    private final PasswordHash dummy;

    /**
     * Creates the handler.
     *
     * @param queries  finds credentials
     * @param hasher   checks passwords
     * @param tokens   issues tokens
     * @param throttle counts failures
     */
    public LoginHandler(QueryBus queries, PasswordHasher hasher, Tokens tokens, LoginThrottle throttle) {
        this.queries = queries;
        this.hasher = hasher;
        this.tokens = tokens;
        this.throttle = throttle;
        this.dummy = hasher.hash("a password nobody has, to spend the same time on unknown emails");
    }

    @Override
    public Result<IssuedToken> handle(CreateToken command) {
        String account = command.email().strip().toLowerCase(Locale.ROOT);
        if (throttle.isBlocked(account, command.client())) {
            return Result.failure(THROTTLED, "Too many failed logins. Wait a few minutes and try again.");
        }
        Optional<Credentials> credentials = parse(command.email())
                .flatMap(email -> queries.dispatch(new CredentialsByEmail(email)));
        boolean matches = hasher.matches(command.password(),
                credentials.map(Credentials::passwordHash).orElse(dummy));
        if (credentials.isEmpty() || !matches) {
            throttle.failed(account, command.client());
            return Result.failure(INVALID_CREDENTIALS, "The email or password is wrong.");
        }
        throttle.succeeded(account);
        Credentials user = credentials.get();
        return Result.success(tokens.issue(user.userId(), user.role(), user.passwordChangedAt()));
    }

    private static Optional<Email> parse(String email) {
        try {
            return Optional.of(new Email(email));
        } catch (InvalidValueException e) {
            return Optional.empty();
        }
    }
}
