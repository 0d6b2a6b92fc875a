package dev.cqrskit.sample.user.infrastructure;

import dev.cqrskit.eventstore.Subscription;
import dev.cqrskit.sample.user.domain.UserEvent;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The admin user list as a read model: the table {@code user_directory}, filled from the users' events by the
 * subscription {@value #ID}. Each handler is an upsert in the transaction that moves the subscription's checkpoint,
 * so each event takes effect exactly once; the reset hook empties the table, so {@code Subscriptions.reset(ID, 0)}
 * rebuilds it from the event store (a new id, with a new table, would rebuild it beside the old one).
 *
 * <p>Its times come from the events: a registration's {@code occurredAt} (the metadata's) stands for the
 * registration and the first password time, a {@code PasswordChanged}'s {@code changedAt} for the later ones.
 */
public final class UserDirectoryProjection {

    /** The subscription's id, the key of its checkpoint; a new version of the projection takes a new id. */
    public static final String ID = "UserDirectory_v1";

    private UserDirectoryProjection() {
    }

    /** @return the subscription that keeps {@code user_directory} */
    public static Subscription subscription() {
        // tag::projection[]
        return Subscription.builder(ID)
                .on(UserEvent.UserRegistered.class, (event, metadata, handle) -> {
                    OffsetDateTime at = OffsetDateTime.ofInstant(metadata.occurredAt(), ZoneOffset.UTC);
                    handle.createUpdate("INSERT INTO user_directory (id, email, display_name, role, email_verified,"
                                    + " password_changed_at, registered_at) VALUES (:id, :email, :name, :role, FALSE,"
                                    + " :at, :at) ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email,"
                                    + " display_name = EXCLUDED.display_name, role = EXCLUDED.role,"
                                    + " registered_at = EXCLUDED.registered_at")
                            .bind("id", event.userId())
                            .bind("email", event.email())
                            .bind("name", event.displayName())
                            .bind("role", event.role())
                            .bind("at", at)
                            .execute();
                })
                .on(UserEvent.EmailVerified.class, (event, metadata, handle) -> handle.execute(
                        "UPDATE user_directory SET email_verified = TRUE WHERE id = ?", event.userId()))
                .on(UserEvent.PasswordChanged.class, (event, metadata, handle) -> handle.execute(
                        "UPDATE user_directory SET password_changed_at = ? WHERE id = ?",
                        OffsetDateTime.ofInstant(event.changedAt(), ZoneOffset.UTC), event.userId()))
                .onReset(handle -> handle.execute("DELETE FROM user_directory"))
                .build();
        // end::projection[]
    }
}
