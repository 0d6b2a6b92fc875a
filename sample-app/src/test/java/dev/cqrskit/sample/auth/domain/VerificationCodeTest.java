package dev.cqrskit.sample.auth.domain;

import dev.cqrskit.core.domain.Result;
import dev.cqrskit.sample.auth.domain.AuthEvent.EmailVerificationSucceeded;
import dev.cqrskit.sample.auth.domain.AuthEvent.VerificationAttemptFailed;
import dev.cqrskit.sample.auth.domain.AuthEvent.VerificationCodeRequested;
import dev.cqrskit.sample.common.domain.Email;
import dev.cqrskit.sample.common.domain.UserId;
import dev.cqrskit.test.fixture.AggregateFixture;
import dev.cqrskit.test.fixture.AggregateGiven;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class VerificationCodeTest {

    private static final UserId ADA = new UserId(UUID.fromString("00000000-0000-7000-8000-000000000001"));
    private static final Email EMAIL = new Email("ada@example.com");
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant EXPIRY = T0.plus(Duration.ofMinutes(15));

    private final AggregateGiven<VerificationCode> codes = AggregateFixture.stateStored(VerificationCode.class);
    private final AtomicReference<Result<Void>> result = new AtomicReference<>();

    private static VerificationCode issued(int attemptsLeft) {
        return VerificationCode.restore(ADA, 1, EMAIL, VerificationCode.hashOf("123456"), EXPIRY, attemptsLeft, false);
    }

    @Test
    void issuingRecordsTheCodeForTheMailerAndKeepsOnlyItsHash() {
        codes.whenCreating(() -> VerificationCode.issue(ADA, EMAIL, "123456", T0, Duration.ofMinutes(15), 5))
                .thenEvents(new VerificationCodeRequested(ADA.value(), "ada@example.com", "123456", EXPIRY))
                .thenState(code -> {
                    assertThat(code.codeHash()).isEqualTo(VerificationCode.hashOf("123456")).doesNotContain("123456");
                    assertThat(code.attemptsLeft()).isEqualTo(5);
                });
    }

    @Test
    void theRightCodeInTimeVerifies() {
        codes.givenState(() -> issued(5))
                .when(code -> result.set(code.verify("123456", T0.plusSeconds(60))))
                .thenEvents(new EmailVerificationSucceeded(ADA.value()))
                .thenState(code -> assertThat(code.verified()).isTrue());
        assertThat(result.get().isSuccess()).isTrue();
    }

    @Test
    void aWrongCodeUsesUpAnAttemptAndSaysHowManyAreLeft() {
        codes.givenState(() -> issued(5))
                .when(code -> result.set(code.verify("000000", T0.plusSeconds(60))))
                .thenEvents(new VerificationAttemptFailed(ADA.value(), 4));
        assertThat(result.get()).isEqualTo(Result.failure(VerificationCode.WRONG_CODE,
                "The code is wrong; 4 attempts left."));
    }

    @Test
    void noAttemptsLeftRefusesEvenTheRightCode() {
        codes.givenState(() -> issued(0))
                .when(code -> result.set(code.verify("123456", T0.plusSeconds(60))))
                .thenNoEvents();
        assertThat(result.get()).isEqualTo(Result.failure(VerificationCode.NO_ATTEMPTS_LEFT,
                "Too many wrong codes. Ask for a new code."));
    }

    @Test
    void anExpiredCodeIsRefused() {
        codes.givenState(() -> issued(5))
                .when(code -> result.set(code.verify("123456", EXPIRY)))
                .thenNoEvents();
        assertThat(result.get()).isEqualTo(Result.failure(VerificationCode.EXPIRED,
                "The code has expired. Register again or ask for a new code."));
    }

    @Test
    void theCodeNeverAppearsInLogs() {
        assertThat(new VerificationCodeRequested(ADA.value(), "ada@example.com", "123456", EXPIRY).toString())
                .doesNotContain("123456");
    }
}
