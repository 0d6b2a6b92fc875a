package dev.cqrskit.sample.user.application;

import dev.cqrskit.sample.common.domain.UserId;

import java.util.Optional;

/**
 * The read side of users. One user and its access come from the users table; the admin list comes from a read model
 * that may lag the last writes by a moment ({@link UserDirectory} waits for it). Threadsafe.
 */
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
     * Lists users, oldest first, from the user directory (a read model: a write shows up a moment after it commits).
     *
     * @param page the page number
     * @param size the page size
     * @return the page
     */
    Page<UserView> page(int page, int size);
}
