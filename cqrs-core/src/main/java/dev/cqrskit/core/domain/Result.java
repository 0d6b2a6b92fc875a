package dev.cqrskit.core.domain;

import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of an operation with an expected failure that the caller must branch on, instead of an exception.
 *
 * <pre>{@code
 * Result<Token> result = commands.dispatch(new CreateToken(email, password));
 * if (result instanceof Result.Failure<Token> failure) {
 *     return unauthorized(failure.reason());
 * }
 * }</pre>
 *
 * @param <T> the value's type on success
 * @since 0.1.0
 */
public sealed interface Result<T> {

    /**
     * A success.
     *
     * @param value the value; may be null for {@code Result<Void>}
     * @param <T>   its type
     */
    record Success<T>(T value) implements Result<T> {
    }

    /**
     * An expected failure.
     *
     * @param code   a stable, machine-readable code ("invalid-credentials")
     * @param reason why, for a human
     * @param <T>    the value type a success would have had
     */
    record Failure<T>(String code, String reason) implements Result<T> {
        /** Validates the parts. */
        public Failure {
            Objects.requireNonNull(code, "code must not be null");
            Objects.requireNonNull(reason, "reason must not be null");
        }
    }

    /**
     * Returns a success.
     *
     * @param value the value
     * @param <T>   its type
     * @return the success
     */
    static <T> Result<T> success(T value) {
        return new Success<>(value);
    }

    /**
     * Returns a failure.
     *
     * @param code   a stable code
     * @param reason why, for a human
     * @param <T>    the value type
     * @return the failure
     */
    static <T> Result<T> failure(String code, String reason) {
        return new Failure<>(code, reason);
    }

    /** @return whether this is a success */
    default boolean isSuccess() {
        return this instanceof Success;
    }

    /**
     * Transforms the value of a success; a failure passes through.
     *
     * @param mapper transforms the value
     * @param <U>    the new type
     * @return the transformed result
     */
    default <U> Result<U> map(Function<? super T, ? extends U> mapper) {
        Objects.requireNonNull(mapper, "mapper must not be null");
        if (this instanceof Success<T> success) {
            return new Success<>(mapper.apply(success.value()));
        }
        Failure<T> failure = (Failure<T>) this;
        return new Failure<>(failure.code(), failure.reason());
    }

    /**
     * Returns the value of a success, or throws a {@link DomainException} with the failure's reason.
     *
     * @return the value
     * @throws DomainException if this is a failure
     */
    default T orElseThrow() {
        if (this instanceof Success<T> success) {
            return success.value();
        }
        throw new DomainException(((Failure<T>) this).reason());
    }
}
