/**
 * A real PostgreSQL for JUnit 5 tests: {@link dev.cqrskit.test.postgres.PostgresExtension}.
 *
 * @since 0.1.0
 */
package dev.cqrskit.test.postgres;
