package dev.cqrskit.sample.user.application;

import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.sample.common.domain.Email;
import dev.cqrskit.sample.common.domain.UserId;
import dev.cqrskit.sample.user.domain.User;
import dev.cqrskit.sample.user.domain.Users;
import dev.cqrskit.test.fake.InMemoryRepository;

import java.util.Optional;

/** {@link Users} on cqrs-test's in-memory repository, for handler tests. */
public final class InMemoryUsers extends InMemoryRepository<User, UserId> implements Users {

    public InMemoryUsers(MetadataFactory metadata) {
        super(InMemoryRepository.stateStored(user -> User.restore(user.id(), user.version(), user.email(),
                user.displayName(), user.role(), user.passwordHash(), user.emailVerified(), user.passwordChangedAt()),
                metadata));
    }

    @Override
    public Optional<User> findByEmail(Email email) {
        return ids().stream().map(this::find).flatMap(Optional::stream)
                .filter(user -> user.email().equals(email)).findFirst();
    }
}
