/**
 * Contract tests that every implementation of a cqrs-kit port runs, so fakes and real adapters keep the same
 * behaviour: {@link dev.cqrskit.test.contract.RepositoryContract}.
 *
 * @since 0.1.0
 */
package dev.cqrskit.test.contract;
