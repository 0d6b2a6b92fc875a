package dev.cqrskit.sample.auth.domain;

import dev.cqrskit.core.DomainEvent;

import java.time.Instant;
import java.util.UUID;

/** What happens in the auth context; published through the outbox to EventBridge. */
public sealed interface AuthEvent extends DomainEvent {

    /** @return the user */
    UUID userId();

    /**
     * A one-time code was issued to prove ownership of an email address. The notification context mails it.
     *
     * <p>The code travels in clear through the outbox and the event bus so that the demo shows the whole flow; a
     * production system would encrypt it for the mailer, or let the mailer ask for it.
     *
     * @param userId    the user
     * @param email     where to send it
     * @param code      the code
     * @param expiresAt when it stops working
     */
    record VerificationCodeRequested(UUID userId, String email, String code, Instant expiresAt) implements AuthEvent {

        @Override
        public String toString() {
            return "VerificationCodeRequested[userId=" + userId + ", email=" + email + ", code=***, expiresAt="
                    + expiresAt + "]";
        }
    }

    /**
     * A wrong code was tried.
     *
     * @param userId       the user
     * @param attemptsLeft how many tries remain
     */
    record VerificationAttemptFailed(UUID userId, int attemptsLeft) implements AuthEvent {
    }

    /**
     * The right code was given in time.
     *
     * @param userId the user
     */
    record EmailVerificationSucceeded(UUID userId) implements AuthEvent {
    }
}
