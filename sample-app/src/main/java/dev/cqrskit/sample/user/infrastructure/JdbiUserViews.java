package dev.cqrskit.sample.user.infrastructure;

import dev.cqrskit.sample.common.domain.UserId;
import dev.cqrskit.sample.user.application.Page;
import dev.cqrskit.sample.user.application.UserAccess;
import dev.cqrskit.sample.user.application.UserView;
import dev.cqrskit.sample.user.application.UserViews;
import dev.cqrskit.sample.user.domain.Role;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The read side of users: one user and what authorization needs straight from the users table (never stale), the
 * admin list from the read model {@code user_directory} ({@link UserDirectoryProjection}), which follows the
 * users' events a moment behind. Threadsafe.
 */
public final class JdbiUserViews implements UserViews {

    private static final String COLUMNS = "id, email, display_name, role, email_verified, password_changed_at";

    private final Jdbi jdbi;

    /** @param jdbi the database */
    public JdbiUserViews(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<UserView> find(UserId id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
                .bind("id", id.value())
                .map((rs, ctx) -> read(rs))
                .findOne());
    }

    @Override
    public Optional<UserAccess> access(UserId id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT role, password_changed_at FROM users WHERE id = :id")
                .bind("id", id.value())
                .map((rs, ctx) -> new UserAccess(id, Role.valueOf(rs.getString("role")),
                        rs.getObject("password_changed_at", OffsetDateTime.class).toInstant()))
                .findOne());
    }

    @Override
    public Page<UserView> page(int page, int size) {
        return jdbi.withHandle(handle -> {
            long total = handle.createQuery("SELECT count(*) FROM user_directory").mapTo(Long.class).one();
            List<UserView> items = handle.createQuery("SELECT " + COLUMNS
                            + " FROM user_directory ORDER BY registered_at, id LIMIT :size OFFSET :offset")
                    .bind("size", size)
                    .bind("offset", (long) page * size)
                    .map((rs, ctx) -> read(rs))
                    .list();
            return new Page<>(items, page, size, total);
        });
    }

    private static UserView read(ResultSet rs) throws SQLException {
        return new UserView(rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("display_name"),
                rs.getString("role"), rs.getBoolean("email_verified"),
                rs.getObject("password_changed_at", OffsetDateTime.class).toInstant());
    }
}
