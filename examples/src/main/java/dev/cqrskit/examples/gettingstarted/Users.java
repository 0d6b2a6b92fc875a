package dev.cqrskit.examples.gettingstarted;

import dev.cqrskit.core.domain.Repository;

import java.util.Optional;

/** The domain's port for users: a plural domain noun. */
// tag::port[]
public interface Users extends Repository<User, UserId> {

    Optional<User> findByEmail(String email);
}
// end::port[]
