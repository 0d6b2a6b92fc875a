package dev.cqrskit.sample.common.application;

import dev.cqrskit.core.domain.DomainException;

import java.time.Duration;
import java.util.Objects;

/** A {@link Throttle} refused a try; HTTP answers 429 with {@code Retry-After}. */
public final class TooManyAttemptsException extends DomainException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /**
     * Creates the exception.
     *
     * @param reason     what was refused, for a human
     * @param retryAfter how long until the next try may go ahead
     */
    public TooManyAttemptsException(String reason, Duration retryAfter) {
        super(reason);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter must not be null");
    }

    /** @return how long until the next try may go ahead */
    public Duration retryAfter() {
        return retryAfter;
    }
}
