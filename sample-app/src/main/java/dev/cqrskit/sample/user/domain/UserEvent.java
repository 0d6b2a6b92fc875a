package dev.cqrskit.sample.user.domain;

import dev.cqrskit.core.DomainEvent;

import java.time.Instant;
import java.util.UUID;

/**
 * What happens to a user. These events leave the process through the outbox and EventBridge, so their fields are
 * plain JSON-friendly types: they are the user context's published contract.
 */
public sealed interface UserEvent extends DomainEvent {

    /** @return the user */
    UUID userId();

    /**
     * A user registered.
     *
     * @param userId      the user
     * @param email       the normalized email
     * @param displayName the display name
     * @param role        the role's name
     */
    record UserRegistered(UUID userId, String email, String displayName, String role) implements UserEvent {
    }

    /**
     * A user proved they own their email address.
     *
     * @param userId the user
     */
    record EmailVerified(UUID userId) implements UserEvent {
    }

    /**
     * A user changed their password; tokens issued before {@code changedAt} stop working.
     *
     * @param userId    the user
     * @param changedAt when
     */
    record PasswordChanged(UUID userId, Instant changedAt) implements UserEvent {
    }
}
