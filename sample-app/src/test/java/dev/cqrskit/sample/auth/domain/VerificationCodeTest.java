package dev.cqrskit.sample.auth.domain;

import dev.cqrskit.core.domain.Result;
import dev.cqrskit.sample.auth.domain.AuthEvent.EmailVerificationSucceeded;
import dev.cqrskit.sample.auth.domain.AuthEvent.VerificationAttemptFailed;
import dev.cqrskit.sample.auth.domain.AuthEvent.VerificationCodeRequested;
import dev.cqrskit.sample.auth.infrastructure.HmacCodeHasher;
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
    private static final CodeHasher HASHER = new HmacCodeHasher("a server secret of at least 32 bytes".getBytes());

    private final AggregateGiven<VerificationCode> codes = AggregateFixture.stateStored(VerificationCode.class);
    private final AtomicReference<Result<Void>> result = new AtomicReference<>();

    private static VerificationCode issued(int attemptsLeft) {
        return VerificationCode.restore(ADA, 1, EMAIL, HASHER.hash("123456"), EXPIRY, attemptsLeft, false);
    }

    @Test
    void issuingRecordsTheCodeForTheMailerAndKeepsOnlyItsHash() {
        codes.whenCreating(() -> VerificationCode.issue(ADA, EMAIL, "123456", HASHER, T0, Duration.ofMinutes(15), 5))
                .thenEvents(new VerificationCodeRequested(ADA.value(), "ada@example.com", "123456", EXPIRY))
                .thenState(code -> {
                    assertThat(code.codeHash()).startsWith("hmac-sha256:").doesNotContain("123456");
                    assertThat(HASHER.matches("123456", code.codeHash())).isTrue();
                    assertThat(code.attemptsLeft()).isEqualTo(5);
                });
    }

    @Test
    void theRightCodeInTimeVerifies() {
        codes.givenState(() -> issued(5))
                .when(code -> result.set(code.verify("123456", HASHER, T0.plusSeconds(60))))
                .thenEvents(new EmailVerificationSucceeded(ADA.value()))
                .thenState(code -> assertThat(code.verified()).isTrue());
        assertThat(result.get().isSuccess()).isTrue();
    }

    @Test
    void aWrongCodeUsesUpAnAttemptAndSaysHowManyAreLeft() {
        codes.givenState(() -> issued(5))
                .when(code -> result.set(code.verify("000000", HASHER, T0.plusSeconds(60))))
                .thenEvents(new VerificationAttemptFailed(ADA.value(), 4));
        assertThat(result.get()).isEqualTo(Result.failure(VerificationCode.WRONG_CODE,
                "The code is wrong; 4 attempts left."));
    }

    @Test
    void noAttemptsLeftRefusesEvenTheRightCode() {
        codes.givenState(() -> issued(0))
                .when(code -> result.set(code.verify("123456", HASHER, T0.plusSeconds(60))))
                .thenNoEvents();
        assertThat(result.get()).isEqualTo(Result.failure(VerificationCode.NO_ATTEMPTS_LEFT,
                "Too many wrong codes. Ask for a new code."));
    }

    @Test
    void anExpiredCodeIsRefused() {
        codes.givenState(() -> issued(5))
                .when(code -> result.set(code.verify("123456", HASHER, EXPIRY)))
                .thenNoEvents();
        assertThat(result.get()).isEqualTo(Result.failure(VerificationCode.EXPIRED,
                "The code has expired. Ask for a new code."));
    }

    @Test
    void aReissuedCodeReplacesAnExhaustedOneWithEveryTryBack() {
        codes.givenState(() -> issued(0))
                .when(code -> code.reissue("654321", HASHER, EXPIRY, Duration.ofMinutes(15), 5))
                .thenEvents(new VerificationCodeRequested(ADA.value(), "ada@example.com", "654321",
                        EXPIRY.plus(Duration.ofMinutes(15))))
                .thenState(code -> {
                    assertThat(code.attemptsLeft()).isEqualTo(5);
                    assertThat(code.verify("123456", HASHER, EXPIRY.plusSeconds(1)).isSuccess()).isFalse();
                    assertThat(code.verify("654321", HASHER, EXPIRY.plusSeconds(1)).isSuccess()).isTrue();
                });
    }

    @Test
    void aWrongCodeForAVerifiedAddressIsStillWrong() {
        codes.givenState(() -> VerificationCode.restore(ADA, 2, EMAIL, HASHER.hash("123456"), EXPIRY, 5, true))
                .when(code -> result.set(code.verify("000000", HASHER, T0.plusSeconds(60))))
                .thenNoEvents();
        assertThat(result.get()).isEqualTo(Result.failure(VerificationCode.WRONG_CODE, "The code is wrong."));
    }

    @Test
    void aHashFromBeforeTheHmacNeverMatches() {
        String unsaltedSha256 = "8d969eef6ecad3c29a3a629280e686cf0c3f5d5a86aff3ca12020c923adc6c92";   // "123456"
        codes.givenState(() -> VerificationCode.restore(ADA, 1, EMAIL, unsaltedSha256, EXPIRY, 5, false))
                .when(code -> result.set(code.verify("123456", HASHER, T0.plusSeconds(60))))
                .thenEvents(new VerificationAttemptFailed(ADA.value(), 4));
    }

    @Test
    void theCodeNeverAppearsInLogs() {
        assertThat(new VerificationCodeRequested(ADA.value(), "ada@example.com", "123456", EXPIRY).toString())
                .doesNotContain("123456");
    }
}
