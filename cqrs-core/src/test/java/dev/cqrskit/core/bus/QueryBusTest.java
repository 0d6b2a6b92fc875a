package dev.cqrskit.core.bus;

import dev.cqrskit.core.Fixtures.UserById;
import dev.cqrskit.core.MessageContext;
import dev.cqrskit.core.Metadata;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static dev.cqrskit.core.Fixtures.NOW;
import static dev.cqrskit.core.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryBusTest {

    @Test
    void answersQueriesWithTheirHandler() {
        QueryBus bus = QueryBus.builder().handle(UserById.class, query -> "user " + query.id()).build();

        assertThat(bus.dispatch(new UserById("7"))).isEqualTo("user 7");
    }

    @Test
    void usesGivenMetadata() {
        QueryBus bus = QueryBus.builder()
                .handle(UserById.class, query -> MessageContext.require().principal().orElse("none"))
                .build();

        String principal = bus.dispatch(new UserById("7"), Metadata.root(id(1), NOW).withPrincipal("ada"));

        assertThat(principal).isEqualTo("ada");
    }

    @Test
    void answersAsynchronously() {
        QueryBus bus = QueryBus.builder().handleLazily(UserById.class, () -> query -> "lazy").build();

        assertThat(bus.dispatchAsync(new UserById("7"), Runnable::run)).succeedsWithin(5, TimeUnit.SECONDS)
                .isEqualTo("lazy");
    }

    @Test
    void looksADeferredHandlerUpOnceOnTheFirstDispatch() {
        java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
        QueryBus bus = QueryBus.builder()
                .handleDeferred(UserById.class, () -> {
                    lookups.incrementAndGet();
                    return query -> "user " + query.id();
                })
                .build();
        assertThat(lookups).hasValue(0);

        assertThat(bus.dispatch(new UserById("7"))).isEqualTo("user 7");
        assertThat(bus.dispatch(new UserById("8"))).isEqualTo("user 8");

        assertThat(lookups).hasValue(1);
    }

    @Test
    void missingHandlerSpeaksOfQueries() {
        QueryBus bus = QueryBus.builder().build();

        assertThatThrownBy(() -> bus.dispatch(new UserById("7")))
                .isInstanceOf(NoHandlerException.class)
                .hasMessage("No handler registered for query dev.cqrskit.core.Fixtures$UserById.\n"
                        + "Registered queries: [].\n"
                        + "Register one with QueryBus.builder().handle(UserById.class, handler).");
    }

    @Test
    void rejectsSecondHandlerForSameQuery() {
        QueryBus.Builder builder = QueryBus.builder().handle(UserById.class, query -> "a");

        assertThatThrownBy(() -> builder.handle(UserById.class, query -> "b"))
                .isInstanceOf(DuplicateHandlerException.class)
                .hasMessageContaining("each query type has exactly one handler");
    }
}
