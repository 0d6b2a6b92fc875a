package dev.cqrskit.sample.user.application;

import dev.cqrskit.core.Query;
import dev.cqrskit.core.domain.Require;

/**
 * A page of users, oldest registration first (ties by id), so pages are stable.
 *
 * @param page the page number, from 0
 * @param size the page size, 1 to 100
 */
public record UsersPage(int page, int size) implements Query<Page<UserView>> {

    /** Validates the bounds. */
    public UsersPage {
        Require.between("page", page, 0, 1_000_000);
        Require.between("size", size, 1, 100);
    }
}
