/**
 * Contract tests that every implementation of a cqrs-kit port runs, so fakes and real adapters keep the same
 * behaviour: {@link dev.cqrskit.test.contract.RepositoryContract} and {@link dev.cqrskit.test.contract.StreamContract}.
 *
 * @since 0.1.0
 */
package dev.cqrskit.test.contract;
