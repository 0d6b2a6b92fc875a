/**
 * In-memory fakes that keep the contracts of the real parts: {@link dev.cqrskit.test.fake.InMemoryRepository}
 * (optimistic concurrency, independent copies), {@link dev.cqrskit.test.fake.RecordingCommandBus},
 * {@link dev.cqrskit.test.fake.RecordingEventBus}, {@link dev.cqrskit.test.fake.InMemoryEventPublisher}
 * (which fails on demand) and {@link dev.cqrskit.test.fake.InMemoryEventStreams} (the event store's
 * expected-version rules). Prefer them to mocks: they fail the way the real parts do.
 *
 * @since 0.1.0
 */
package dev.cqrskit.test.fake;
