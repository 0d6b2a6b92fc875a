package dev.cqrskit.eventstore;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BatchedWritesTest {

    private final BatchedWrites writes = new BatchedWrites(null);

    @Test
    void rejectsWritesAddedOutsideTheHandlerCall() {
        assertThatThrownBy(() -> writes.add("INSERT INTO t VALUES (?)", 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ProjectionWrites used outside the handler call it was passed to; add writes only while"
                        + " ProjectionHandler.handle runs, not from another thread or later.");
    }

    @Test
    void rejectsWritesAfterTheHandlerCallReturned() {
        writes.open(7, "test.Noted.v1");
        writes.add("INSERT INTO t VALUES (?)", 1);
        writes.close();

        assertThatThrownBy(writes::handle).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("ProjectionWrites used outside the handler call");
    }

    @Test
    void rejectsMissingSqlOrArguments() {
        writes.open(7, "test.Noted.v1");

        assertThatThrownBy(() -> writes.add(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("sql must not be null");
        assertThatThrownBy(() -> writes.add("INSERT INTO t VALUES (?)", (Object[]) null))
                .isInstanceOf(NullPointerException.class).hasMessage("arguments must not be null");
    }
}
