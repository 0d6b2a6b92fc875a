package dev.cqrskit.sample.user.domain;

import dev.cqrskit.core.domain.AggregateRoot;
import dev.cqrskit.sample.common.domain.Email;
import dev.cqrskit.sample.common.domain.UserId;
import dev.cqrskit.sample.user.domain.UserEvent.EmailVerified;
import dev.cqrskit.sample.user.domain.UserEvent.PasswordChanged;
import dev.cqrskit.sample.user.domain.UserEvent.UserRegistered;

import java.time.Instant;
import java.util.Objects;

/** A user account: identity, credentials, role and whether the email address is verified. */
public final class User extends AggregateRoot<UserId> {

    private final Email email;
    private final DisplayName displayName;
    private final Role role;
    private PasswordHash passwordHash;
    private boolean emailVerified;
    private Instant passwordChangedAt;

    private User(UserId id, long version, Email email, DisplayName displayName, Role role, PasswordHash passwordHash,
                 boolean emailVerified, Instant passwordChangedAt) {
        super(id, version);
        this.email = Objects.requireNonNull(email, "email must not be null");
        this.displayName = Objects.requireNonNull(displayName, "displayName must not be null");
        this.role = Objects.requireNonNull(role, "role must not be null");
        this.passwordHash = Objects.requireNonNull(passwordHash, "passwordHash must not be null");
        this.emailVerified = emailVerified;
        this.passwordChangedAt = Objects.requireNonNull(passwordChangedAt, "passwordChangedAt must not be null");
    }

    /**
     * Registers a new user, unverified.
     *
     * @param id           the new id
     * @param email        the email
     * @param displayName  the display name
     * @param role         the role
     * @param passwordHash the password's hash
     * @param now          the registration time
     * @return the user, with a {@link UserRegistered} event recorded
     */
    public static User register(UserId id, Email email, DisplayName displayName, Role role, PasswordHash passwordHash,
                                Instant now) {
        User user = new User(id, NEW, email, displayName, role, passwordHash, false, now);
        user.record(new UserRegistered(id.value(), email.value(), displayName.value(), role.name()));
        return user;
    }

    /**
     * Restores a stored user.
     *
     * @param id                the id
     * @param version           the stored version
     * @param email             the email
     * @param displayName       the display name
     * @param role              the role
     * @param passwordHash      the password's hash
     * @param emailVerified     whether the email is verified
     * @param passwordChangedAt when the password was last set
     * @return the user, with no events
     */
    public static User restore(UserId id, long version, Email email, DisplayName displayName, Role role,
                               PasswordHash passwordHash, boolean emailVerified, Instant passwordChangedAt) {
        return new User(id, version, email, displayName, role, passwordHash, emailVerified, passwordChangedAt);
    }

    /** Marks the email verified; verifying twice records nothing the second time. */
    public void verifyEmail() {
        if (emailVerified) {
            return;
        }
        emailVerified = true;
        record(new EmailVerified(id().value()));
    }

    /**
     * Replaces the password; tokens issued before {@code now} stop working.
     *
     * @param newHash the new password's hash
     * @param now     the change time
     */
    public void changePassword(PasswordHash newHash, Instant now) {
        passwordHash = Objects.requireNonNull(newHash, "newHash must not be null");
        passwordChangedAt = now;
        record(new PasswordChanged(id().value(), now));
    }

    /** @return the email */
    public Email email() {
        return email;
    }

    /** @return the display name */
    public DisplayName displayName() {
        return displayName;
    }

    /** @return the role */
    public Role role() {
        return role;
    }

    /** @return the password's hash */
    public PasswordHash passwordHash() {
        return passwordHash;
    }

    /** @return whether the email is verified */
    public boolean emailVerified() {
        return emailVerified;
    }

    /** @return when the password was last set */
    public Instant passwordChangedAt() {
        return passwordChangedAt;
    }
}
