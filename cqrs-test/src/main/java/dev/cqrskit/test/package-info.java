/**
 * Deterministic helpers for tests: a {@link dev.cqrskit.test.TestClock} that moves only when told, and a
 * {@link dev.cqrskit.test.SequentialIdGenerator} of predictable ids. The fixtures live in
 * {@code dev.cqrskit.test.fixture}, the in-memory fakes in {@code dev.cqrskit.test.fake}, the repository contract
 * test in {@code dev.cqrskit.test.contract} and the ArchUnit rules in {@code dev.cqrskit.test.arch}.
 *
 * @since 0.1.0
 */
package dev.cqrskit.test;
