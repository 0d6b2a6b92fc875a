package dev.cqrskit.sample.auth.application;

import dev.cqrskit.core.Command;
import dev.cqrskit.sample.common.domain.Email;

import java.util.Objects;

/**
 * Mail a fresh verification code to an address, replacing an expired or used-up one. Does nothing for an unknown or
 * already verified address, and says nothing about which it was: the caller answers the same either way.
 *
 * @param email the address
 */
public record ResendVerificationCode(Email email) implements Command<Void> {

    /** Validates presence. */
    public ResendVerificationCode {
        Objects.requireNonNull(email, "email must not be null");
    }
}
