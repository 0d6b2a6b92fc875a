package dev.cqrskit.examples.gettingstarted;

import dev.cqrskit.core.domain.AggregateRoot;

/** A user: an aggregate created by an intention-revealing factory and restored without reflection. */
// tag::aggregate[]
public final class User extends AggregateRoot<UserId> {

    private final String email;

    private User(UserId id, long version, String email) {
        super(id, version);
        this.email = email;
    }

    /** Registers a new user and records that it happened. */
    public static User register(UserId id, String email) {
        User user = new User(id, NEW, email);
        user.record(new UserRegistered(id, email));
        return user;
    }

    /** Restores a stored user; records nothing. */
    public static User restore(UserId id, long version, String email) {
        return new User(id, version, email);
    }

    public String email() {
        return email;
    }
}
// end::aggregate[]
