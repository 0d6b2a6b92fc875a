package dev.cqrskit.test.contract;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.test.fake.InMemoryEventStreams;
import dev.cqrskit.test.fake.InMemoryEventStreams.Appended;
import dev.cqrskit.test.fake.InMemoryEventStreams.Recorded;

import java.util.List;

/** The stream contract, run against the in-memory fake. */
// tag::stream-contract[]
class InMemoryEventStreamsContractTest extends StreamContract {

    private final InMemoryEventStreams streams = new InMemoryEventStreams();

    @Override
    protected Appended append(String streamId, long expectedVersion, List<EventMessage<DomainEvent>> messages) {
        return streams.append(streamId, expectedVersion, messages);
    }

    @Override
    protected List<Recorded> readStream(String streamId, long fromVersion) {
        return streams.readStream(streamId, fromVersion);
    }

    @Override
    protected List<Recorded> readAll(long fromPosition, int limit) {
        return streams.readAll(fromPosition, limit);
    }

    @Override
    protected long version(String streamId) {
        return streams.version(streamId);
    }

    @Override
    protected DomainEvent anEvent(String streamId, long n) {
        return new Numbered(streamId, n);
    }
}
// end::stream-contract[]
