package dev.cqrskit.sample.auth.application;

import dev.cqrskit.core.Command;
import dev.cqrskit.sample.common.domain.Email;
import dev.cqrskit.sample.common.domain.UserId;

import java.util.Objects;

/**
 * Issue a verification code to a newly registered user; sent by {@link VerificationAutomation}.
 *
 * @param userId the user
 * @param email  where the code goes
 */
public record RequestVerificationCode(UserId userId, Email email) implements Command<Void> {

    /** Validates presence. */
    public RequestVerificationCode {
        Objects.requireNonNull(userId, "userId must not be null");
        Objects.requireNonNull(email, "email must not be null");
    }
}
