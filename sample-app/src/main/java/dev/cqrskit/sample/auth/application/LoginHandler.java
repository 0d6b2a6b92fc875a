package dev.cqrskit.sample.auth.application;

import dev.cqrskit.core.bus.CommandHandler;
import dev.cqrskit.core.bus.QueryBus;
import dev.cqrskit.core.domain.InvalidValueException;
import dev.cqrskit.core.domain.Result;
import dev.cqrskit.sample.common.application.AuditLog;
import dev.cqrskit.sample.common.application.TooManyAttemptsException;
import dev.cqrskit.sample.common.domain.Email;
import dev.cqrskit.sample.user.application.Credentials;
import dev.cqrskit.sample.user.application.CredentialsByEmail;
import dev.cqrskit.sample.user.domain.PasswordHash;
import dev.cqrskit.sample.user.domain.PasswordHasher;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Logs a user in. A wrong email and a wrong password answer identically, and take as long: an unknown email is
 * checked against a dummy hash. Each try is reserved with the {@link LoginThrottle} before the (slow) hash check,
 * per account and per client, so concurrent guesses cannot overshoot the limit. Only a user who verified the email
 * gets a token; that is said only to whoever knows the password.
 */
public final class LoginHandler implements CommandHandler<CreateToken, Result<IssuedToken>> {

    /** Failure code: wrong email or password. */
    public static final String INVALID_CREDENTIALS = "invalid-credentials";
    /** Failure code: the password is right but the email is not verified yet. */
    public static final String EMAIL_NOT_VERIFIED = "email-not-verified";

    private final QueryBus queries;
    private final PasswordHasher hasher;
    private final Tokens tokens;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final PasswordHash dummy;

    /**
     * Creates the handler.
     *
     * @param queries  finds credentials
     * @param hasher   checks passwords
     * @param tokens   issues tokens
     * @param throttle counts tries
     * @param audit    records failures and lockouts
     */
    public LoginHandler(QueryBus queries, PasswordHasher hasher, Tokens tokens, LoginThrottle throttle,
                        AuditLog audit) {
        this.queries = queries;
        this.hasher = hasher;
        this.tokens = tokens;
        this.throttle = throttle;
        this.audit = audit;
        this.dummy = hasher.hash("a password nobody has, to spend the same time on unknown emails");
    }

    @Override
    public Result<IssuedToken> handle(CreateToken command) {
        Optional<Email> email = parse(command.email());
        // The normalized email, so that spellings of one address (case, full-width letters) share one counter.
        String account = email.map(Email::value).orElseGet(() -> command.email().strip().toLowerCase(Locale.ROOT));
        Optional<Duration> wait = throttle.reserve(account, command.client());
        if (wait.isPresent()) {
            audit.record("login.throttled", "account", account, "client", command.client());
            throw new TooManyAttemptsException("Too many failed logins. Wait a few minutes and try again.",
                    wait.get());
        }
        Optional<Credentials> credentials = email.flatMap(valid -> queries.dispatch(new CredentialsByEmail(valid)));
        boolean matches = hasher.matches(command.password(),
                credentials.map(Credentials::passwordHash).orElse(dummy));
        if (credentials.isEmpty() || !matches) {
            audit.record("login.failed", "account", account, "client", command.client(), "reason",
                    credentials.isEmpty() ? "unknown-account" : "wrong-password");
            return Result.failure(INVALID_CREDENTIALS, "The email or password is wrong.");
        }
        throttle.succeeded(account, command.client());
        Credentials user = credentials.get();
        if (!user.emailVerified()) {
            audit.record("login.refused", "user", user.userId(), "client", command.client(), "reason",
                    EMAIL_NOT_VERIFIED);
            return Result.failure(EMAIL_NOT_VERIFIED, "Verify your email address first with the code we mailed to"
                    + " it; ask for a new code at POST /auth/verify/resend.");
        }
        audit.record("login.succeeded", "user", user.userId(), "client", command.client());
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
