package dev.cqrskit.sample.user.domain;

import dev.cqrskit.core.domain.DomainException;
import dev.cqrskit.sample.common.domain.Email;

/** Registration refused: another user has the email. */
public final class EmailAlreadyRegisteredException extends DomainException {

    private static final long serialVersionUID = 1L;

    /** @param email the taken email */
    public EmailAlreadyRegisteredException(Email email) {
        super("Email " + email + " is already registered. Log in, or register with another address.");
    }
}
