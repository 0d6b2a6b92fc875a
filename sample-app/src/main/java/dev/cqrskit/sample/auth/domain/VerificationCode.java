package dev.cqrskit.sample.auth.domain;

import dev.cqrskit.core.domain.AggregateRoot;
import dev.cqrskit.core.domain.Result;
import dev.cqrskit.sample.auth.domain.AuthEvent.EmailVerificationSucceeded;
import dev.cqrskit.sample.auth.domain.AuthEvent.VerificationAttemptFailed;
import dev.cqrskit.sample.auth.domain.AuthEvent.VerificationCodeRequested;
import dev.cqrskit.sample.common.domain.Email;
import dev.cqrskit.sample.common.domain.UserId;

import java.time.Duration;
import java.time.Instant;

/**
 * The one-time code that proves a user owns their email address: it expires, and allows a few wrong tries. Only the
 * code's keyed hash ({@link CodeHasher}) is kept. A fresh code can be issued in its place ({@link #reissue}) when it
 * expired or its tries ran out, so nobody can block an address's verification for good by burning its tries.
 */
public final class VerificationCode extends AggregateRoot<UserId> {

    /** Failure code: the code is wrong. */
    public static final String WRONG_CODE = "wrong-code";
    /** Failure code: the code expired. */
    public static final String EXPIRED = "code-expired";
    /** Failure code: no tries left. */
    public static final String NO_ATTEMPTS_LEFT = "too-many-attempts";

    private final Email email;
    private String codeHash;
    private Instant expiresAt;
    private int attemptsLeft;
    private boolean verified;

    private VerificationCode(UserId userId, long version, Email email, String codeHash, Instant expiresAt,
                             int attemptsLeft, boolean verified) {
        super(userId, version);
        this.email = email;
        this.codeHash = codeHash;
        this.expiresAt = expiresAt;
        this.attemptsLeft = attemptsLeft;
        this.verified = verified;
    }

    /**
     * Issues a code.
     *
     * @param userId      the user
     * @param email       where it goes
     * @param code        the code
     * @param hasher      hashes it for storage
     * @param now         the time of issue
     * @param ttl         how long it works
     * @param maxAttempts how many tries it allows
     * @return the code, with {@link VerificationCodeRequested} recorded
     */
    public static VerificationCode issue(UserId userId, Email email, String code, CodeHasher hasher, Instant now,
                                         Duration ttl, int maxAttempts) {
        Instant expiresAt = now.plus(ttl);
        VerificationCode issued = new VerificationCode(userId, NEW, email, hasher.hash(code), expiresAt, maxAttempts,
                false);
        issued.record(new VerificationCodeRequested(userId.value(), email.value(), code, expiresAt));
        return issued;
    }

    /**
     * Replaces the code with a fresh one, with a new expiry and every try back; the old code stops working. A
     * verified address needs no code: nothing happens.
     *
     * @param code        the new code
     * @param hasher      hashes it for storage
     * @param now         the time of issue
     * @param ttl         how long it works
     * @param maxAttempts how many tries it allows
     * @return whether a code was issued
     */
    public boolean reissue(String code, CodeHasher hasher, Instant now, Duration ttl, int maxAttempts) {
        if (verified) {
            return false;
        }
        codeHash = hasher.hash(code);
        expiresAt = now.plus(ttl);
        attemptsLeft = maxAttempts;
        record(new VerificationCodeRequested(id().value(), email.value(), code, expiresAt));
        return true;
    }

    /**
     * Restores a stored code.
     *
     * @param userId       the user
     * @param version      the stored version
     * @param email        where it went
     * @param codeHash     the code's keyed hash
     * @param expiresAt    when it stops working
     * @param attemptsLeft tries left
     * @param verified     whether it was used
     * @return the code
     */
    public static VerificationCode restore(UserId userId, long version, Email email, String codeHash,
                                           Instant expiresAt, int attemptsLeft, boolean verified) {
        return new VerificationCode(userId, version, email, codeHash, expiresAt, attemptsLeft, verified);
    }

    /**
     * Tries a code. A wrong try uses up an attempt and is recorded, so the caller must save even on failure. Once
     * verified, the code that verified still answers success (a repeated request) and any other is wrong.
     *
     * @param candidate the code the user typed
     * @param hasher    checks it against the stored hash
     * @param now       the time of the try
     * @return success, or a failure with {@link #WRONG_CODE}, {@link #EXPIRED} or {@link #NO_ATTEMPTS_LEFT}
     */
    public Result<Void> verify(String candidate, CodeHasher hasher, Instant now) {
        if (verified) {
            return hasher.matches(candidate, codeHash) ? Result.success(null)
                    : Result.failure(WRONG_CODE, "The code is wrong.");
        }
        if (!now.isBefore(expiresAt)) {
            return Result.failure(EXPIRED, "The code has expired. Ask for a new code.");
        }
        if (attemptsLeft <= 0) {
            return Result.failure(NO_ATTEMPTS_LEFT, "Too many wrong codes. Ask for a new code.");
        }
        if (!hasher.matches(candidate, codeHash)) {
            attemptsLeft--;
            record(new VerificationAttemptFailed(id().value(), attemptsLeft));
            return Result.failure(WRONG_CODE, "The code is wrong; " + attemptsLeft + " attempts left.");
        }
        verified = true;
        record(new EmailVerificationSucceeded(id().value()));
        return Result.success(null);
    }

    /** @return where the code went */
    public Email email() {
        return email;
    }

    /** @return the code's keyed hash */
    public String codeHash() {
        return codeHash;
    }

    /** @return when it stops working */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** @return tries left */
    public int attemptsLeft() {
        return attemptsLeft;
    }

    /** @return whether it was used */
    public boolean verified() {
        return verified;
    }
}
