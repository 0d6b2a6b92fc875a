package dev.cqrskit.sample.auth.application;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.domain.Require;
import dev.cqrskit.core.domain.Result;
import dev.cqrskit.sample.common.domain.Email;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Prove ownership of an email address with the code that was mailed to it.
 *
 * @param email the address
 * @param code  the six-digit code
 */
public record VerifyEmail(Email email, String code) implements Command<Result<Void>> {

    private static final Pattern SIX_DIGITS = Pattern.compile("[0-9]{6}");

    /** Validates the code's shape. */
    public VerifyEmail {
        Objects.requireNonNull(email, "email must not be null");
        Require.matches("code", Require.notBlank("code", code), SIX_DIGITS, "six digits");
    }

    @Override
    public String toString() {
        return "VerifyEmail[email=" + email + ", code=***]";
    }
}
