package dev.cqrskit.sample.user.application;

import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.domain.Result;
import dev.cqrskit.sample.common.application.AuditLog;
import dev.cqrskit.sample.common.domain.Email;
import dev.cqrskit.sample.common.infrastructure.SlidingWindowThrottle;
import dev.cqrskit.sample.common.domain.UserId;
import dev.cqrskit.sample.user.domain.DisplayName;
import dev.cqrskit.sample.user.domain.EmailAlreadyRegisteredException;
import dev.cqrskit.sample.user.domain.PasswordHasher;
import dev.cqrskit.sample.user.domain.Role;
import dev.cqrskit.sample.user.domain.User;
import dev.cqrskit.sample.user.domain.UserEvent.EmailVerified;
import dev.cqrskit.sample.user.domain.UserEvent.PasswordChanged;
import dev.cqrskit.sample.user.domain.UserEvent.UserRegistered;
import dev.cqrskit.sample.user.domain.WeakPasswordException;
import dev.cqrskit.sample.user.infrastructure.Argon2PasswordHasher;
import dev.cqrskit.test.SequentialIdGenerator;
import dev.cqrskit.test.TestClock;
import dev.cqrskit.test.fixture.CommandHandlerFixture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class UserHandlersTest {

    private static final UserId NEW_USER = new UserId(SequentialIdGenerator.id(1));
    private static final String PASSWORD = "correct horse battery";

    private final TestClock clock = TestClock.at("2026-11-22T10:00:00Z");
    private final MetadataFactory metadata = new MetadataFactory(clock, new SequentialIdGenerator());
    private final PasswordHasher hasher = new Argon2PasswordHasher(64, 1, 1);
    private final InMemoryUsers users = new InMemoryUsers(metadata);
    private final CommandHandlerFixture fixture = CommandHandlerFixture.builder(metadata)
            .repository(users)
            .commandBus(bus -> UserCommands.register(bus, users, hasher, new SequentialIdGenerator(), clock,
                    new SlidingWindowThrottle(5, Duration.ofMinutes(15), clock), new AuditLog()))
            .build();

    private final Metadata request = Metadata.builder()
            .messageId(UUID.fromString("c0000000-0000-0000-0000-000000000001"))
            .correlationId(UUID.fromString("c0000000-0000-0000-0000-0000000000cc"))
            .occurredAt(clock.instant())
            .build();

    private User ada(boolean verified) {
        return User.restore(NEW_USER, 1, new Email("ada@example.com"), new DisplayName("Ada"), Role.USER,
                hasher.hash(PASSWORD), verified, Instant.parse("2026-11-01T00:00:00Z"));
    }

    @Test
    void registersAUserWithAHashedPassword() {
        fixture.givenNothing()
                .when(new RegisterUser(new Email("ada@example.com"), PASSWORD, new DisplayName("Ada"), Role.USER),
                        request)
                .thenEvents(new UserRegistered(NEW_USER.value(), "ada@example.com", "Ada", "USER"))
                .thenResult(NEW_USER)
                .thenEventsCarryCommandMetadata()
                .thenStored(users, NEW_USER, user -> {
                    assertThat(user.passwordHash().phc()).startsWith("$argon2id$v=19$").doesNotContain(PASSWORD);
                    assertThat(hasher.matches(PASSWORD, user.passwordHash())).isTrue();
                });
    }

    @Test
    void refusesAnEmailThatIsTaken() {
        fixture.given(users, ada(false))
                .when(new RegisterUser(new Email("ADA@example.com"), PASSWORD, new DisplayName("Other"), Role.USER))
                .thenException(EmailAlreadyRegisteredException.class,
                        "Email ada@example.com is already registered. Log in, or register with another address.");
    }

    @Test
    void refusesAWeakPasswordBeforeAnythingIsStored() {
        fixture.givenNothing()
                .when(new RegisterUser(new Email("ada@example.com"), "short", new DisplayName("Ada"), Role.USER))
                .thenException(WeakPasswordException.class, "password must be at least 12 characters long, but has 5");
    }

    @Test
    void changesThePasswordWhenTheCurrentOneIsRight() {
        fixture.given(users, ada(true))
                .when(new ChangePassword(NEW_USER, PASSWORD, "a much longer passphrase"), request)
                .thenEvents(new PasswordChanged(NEW_USER.value(), clock.instant()))
                .thenResult(Result.success(null))
                .thenEventsCarryCommandMetadata();
    }

    @Test
    void aWrongCurrentPasswordChangesNothing() {
        fixture.given(users, ada(true))
                .when(new ChangePassword(NEW_USER, "not my password", "a much longer passphrase"))
                .thenNoEvents()
                .thenResult(Result.failure(ChangePasswordHandler.INVALID_CREDENTIALS, "The current password is wrong."));
    }

    @Test
    void marksTheEmailVerified() {
        fixture.given(users, ada(false))
                .when(new MarkEmailVerified(NEW_USER))
                .thenEvents(new EmailVerified(NEW_USER.value()))
                .thenStored(users, NEW_USER, user -> assertThat(user.emailVerified()).isTrue());
    }

    @Test
    void markingAVerifiedEmailAgainSavesNothing() {
        fixture.given(users, ada(true))
                .when(new MarkEmailVerified(NEW_USER))
                .thenNoEvents()
                .thenStored(users, NEW_USER, user -> assertThat(user.version()).isEqualTo(1));
    }
}
