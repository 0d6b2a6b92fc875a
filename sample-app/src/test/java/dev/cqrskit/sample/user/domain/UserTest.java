package dev.cqrskit.sample.user.domain;

import dev.cqrskit.sample.common.domain.Email;
import dev.cqrskit.sample.common.domain.UserId;
import dev.cqrskit.sample.user.domain.UserEvent.EmailVerified;
import dev.cqrskit.sample.user.domain.UserEvent.PasswordChanged;
import dev.cqrskit.sample.user.domain.UserEvent.UserRegistered;
import dev.cqrskit.test.fixture.AggregateFixture;
import dev.cqrskit.test.fixture.AggregateGiven;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class UserTest {

    private static final UserId ADA = new UserId(UUID.fromString("00000000-0000-7000-8000-000000000001"));
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final PasswordHash HASH = new PasswordHash("$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA");

    private final AggregateGiven<User> users = AggregateFixture.stateStored(User.class);

    private static User stored(boolean verified) {
        return User.restore(ADA, 3, new Email("ada@example.com"), new DisplayName("Ada"), Role.USER, HASH, verified,
                T0);
    }

    @Test
    void registeringRecordsTheRegistrationUnverified() {
        users.whenCreating(() -> User.register(ADA, new Email("Ada@Example.com "), new DisplayName(" Ada "),
                        Role.USER, HASH, T0))
                .thenEvents(new UserRegistered(ADA.value(), "ada@example.com", "Ada", "USER"))
                .thenState(user -> {
                    assertThat(user.emailVerified()).isFalse();
                    assertThat(user.passwordChangedAt()).isEqualTo(T0);
                });
    }

    @Test
    void verifyingTheEmailRecordsItOnce() {
        users.givenState(() -> stored(false))
                .when(User::verifyEmail)
                .thenEvents(new EmailVerified(ADA.value()))
                .thenState(user -> assertThat(user.emailVerified()).isTrue());
    }

    @Test
    void verifyingAVerifiedEmailChangesNothing() {
        users.givenState(() -> stored(true))
                .when(User::verifyEmail)
                .thenNoEvents();
    }

    @Test
    void changingThePasswordMovesThePasswordTime() {
        Instant later = T0.plusSeconds(60);
        PasswordHash newHash = new PasswordHash("$argon2id$v=19$m=8,t=1,p=1$bmV3$bmV3aGFzaA");

        users.givenState(() -> stored(true))
                .when(user -> user.changePassword(newHash, later))
                .thenEvents(new PasswordChanged(ADA.value(), later))
                .thenState(user -> {
                    assertThat(user.passwordHash()).isEqualTo(newHash);
                    assertThat(user.passwordChangedAt()).isEqualTo(later);
                });
    }
}
