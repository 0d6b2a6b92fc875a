/**
 * ArchUnit rules for cqrs-kit codebases: {@link dev.cqrskit.test.arch.CqrsArchitectureRules}, configured by
 * {@link dev.cqrskit.test.arch.ArchitectureConventions}. ArchUnit is an optional dependency of cqrs-test: add
 * {@code com.tngtech.archunit:archunit} (1.5.0 or newer) to the test classpath to use this package.
 *
 * @since 0.1.0
 */
package dev.cqrskit.test.arch;
