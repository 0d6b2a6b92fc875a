package dev.cqrskit.test.contract;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.domain.ConcurrencyConflictException;
import dev.cqrskit.test.fake.InMemoryEventStreams;
import dev.cqrskit.test.fake.InMemoryEventStreams.Appended;
import dev.cqrskit.test.fake.InMemoryEventStreams.Recorded;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;

import static dev.cqrskit.test.contract.ContractRuns.failedTests;
import static org.assertj.core.api.Assertions.assertThat;

/** Runs the stream contract against broken stores: a contract test that cannot fail would prove nothing. */
class StreamContractCanFailTest {

    @Test
    void passesTheInMemoryFake() {
        assertThat(failedTests(InMemoryEventStreamsContractTest.class)).isEmpty();
    }

    @Test
    void catchesAStoreThatIgnoresTheExpectedVersion() {
        assertThat(failedTests(IgnoresExpectedVersion.class)).contains(
                "rejectsNoStreamWhenTheStreamExistsAndStoresNothing()",
                "rejectsAStaleExpectedVersionAndStoresNothing()",
                "rejectsAnExpectedVersionOfAStreamThatDoesNotExist()",
                "anEmptyAppendChecksTheExpectationAndStoresNothing()");
    }

    @Test
    void catchesAStoreThatReadsAllStreamsOutOfPositionOrder() {
        assertThat(failedTests(LosesOrder.class)).contains("readsAllStreamsInPositionOrder()");
    }

    @Test
    void catchesAStoreThatReusesPositions() {
        assertThat(failedTests(ReusesPositions.class)).contains("givesEveryEventAPositionHigherThanAnyBefore()");
    }

    @Test
    void catchesAStoreWhoseConflictDoesNotSayWhatConflicted() {
        assertThat(failedTests(VagueConflicts.class)).contains(
                "rejectsNoStreamWhenTheStreamExistsAndStoresNothing()",
                "rejectsAStaleExpectedVersionAndStoresNothing()");
    }

    /** Appends whatever version the stream is at: last writer wins. */
    static final class IgnoresExpectedVersion extends InMemoryEventStreamsContractTest {
        @Override
        protected Appended append(String streamId, long expectedVersion, List<EventMessage<DomainEvent>> messages) {
            return super.append(streamId, InMemoryEventStreams.ANY, messages);
        }
    }

    /** Reads all streams stream by stream, as a query without {@code ORDER BY position} may. */
    static final class LosesOrder extends InMemoryEventStreamsContractTest {
        @Override
        protected List<Recorded> readAll(long fromPosition, int limit) {
            return super.readAll(fromPosition, limit).stream()
                    .sorted(Comparator.comparing(Recorded::streamId).thenComparing(Recorded::streamVersion))
                    .toList();
        }
    }

    /** Numbers positions per stream, so events of two streams share them. */
    static final class ReusesPositions extends InMemoryEventStreamsContractTest {
        @Override
        protected Appended append(String streamId, long expectedVersion, List<EventMessage<DomainEvent>> messages) {
            Appended appended = super.append(streamId, expectedVersion, messages);
            return messages.isEmpty() ? appended : new Appended(streamId, appended.version(),
                    appended.version() - messages.size() + 1, appended.version());
        }

        @Override
        protected List<Recorded> readStream(String streamId, long fromVersion) {
            return super.readStream(streamId, fromVersion).stream()
                    .map(r -> new Recorded(r.streamVersion(), r.streamId(), r.streamVersion(), r.message()))
                    .toList();
        }
    }

    /** Refuses a stale append without naming the stream and the versions. */
    static final class VagueConflicts extends InMemoryEventStreamsContractTest {
        @Override
        protected Appended append(String streamId, long expectedVersion, List<EventMessage<DomainEvent>> messages) {
            try {
                return super.append(streamId, expectedVersion, messages);
            } catch (ConcurrencyConflictException e) {
                throw new ConcurrencyConflictException("conflict");
            }
        }
    }
}
