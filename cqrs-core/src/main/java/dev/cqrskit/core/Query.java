package dev.cqrskit.core;

/**
 * Asks the system a question without changing it; handled by exactly one handler on the {@code QueryBus}.
 *
 * <p>Queries are immutable records named after their answer ({@code UserById}, {@code UsersPage}). Because records
 * have value equality, a query can serve as its own cache key.
 *
 * @param <R> the type of the answer
 * @since 0.1.0
 */
public interface Query<R> extends Request<R> {
}
