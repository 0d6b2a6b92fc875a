package dev.cqrskit.sample.user.application;

import dev.cqrskit.sample.common.domain.UserId;

import java.util.Optional;

/** The read side of users; the infrastructure reads the users table. Threadsafe. */
public interface UserViews {

    /**
     * Finds one user.
     *
     * @param id the id
     * @return the view, if the user exists
     */
    Optional<UserView> find(UserId id);

    /**
     * Reads what authorization needs of a user, from the database (never a cache).
     *
     * @param id the id
     * @return the role and password time, if the user exists
     */
    Optional<UserAccess> access(UserId id);

    /**
     * Lists users, oldest first.
     *
     * @param page the page number
     * @param size the page size
     * @return the page
     */
    Page<UserView> page(int page, int size);
}
