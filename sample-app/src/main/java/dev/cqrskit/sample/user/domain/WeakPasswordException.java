package dev.cqrskit.sample.user.domain;

import dev.cqrskit.core.domain.DomainException;

/** A password was refused by the {@link PasswordPolicy}. */
public final class WeakPasswordException extends DomainException {

    private static final long serialVersionUID = 1L;

    /** @param reason what is wrong with it */
    public WeakPasswordException(String reason) {
        super(reason);
    }
}
