package dev.cqrskit.sample.user.domain;

import dev.cqrskit.core.domain.Repository;
import dev.cqrskit.sample.common.domain.Email;
import dev.cqrskit.sample.common.domain.UserId;

import java.util.Optional;

/** Every user, by id or email. Saving a second user with a taken email fails with {@link EmailAlreadyRegisteredException}. */
public interface Users extends Repository<User, UserId> {

    /**
     * Finds a user by email.
     *
     * @param email the normalized email
     * @return the user, if one has it
     */
    Optional<User> findByEmail(Email email);
}
