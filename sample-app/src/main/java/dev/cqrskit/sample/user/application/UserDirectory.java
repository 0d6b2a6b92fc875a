package dev.cqrskit.sample.user.application;

import dev.cqrskit.sample.common.domain.UserId;

/**
 * The admin user list ({@link UsersPage}) is a read model that follows the users' events a moment after they
 * commit; this port lets a writer wait until it shows a change: read-your-writes. Threadsafe.
 */
public interface UserDirectory {

    /**
     * Waits, for a bounded time the implementation chooses, until the list shows every change of a user committed
     * so far.
     *
     * @param id the user
     * @return true once it does, false if the wait ran out (the list still catches up later)
     */
    boolean awaitUser(UserId id);
}
