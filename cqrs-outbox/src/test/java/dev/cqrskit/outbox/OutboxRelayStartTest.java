package dev.cqrskit.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** Starting a relay never waits for the database: an application's startup must not hang on it. */
class OutboxRelayStartTest {

    @Test
    void startReturnsWhileTheDatabaseDoesNotAnswer() throws Exception {
        // given: a data source whose every connection attempt hangs until the test ends
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        DataSource hanging = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        asked.countDown();
                        never.await();
                        throw new SQLException("the test is over");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        OutboxRelay relay = new OutboxRelay(Jdbi.create(hanging), batch -> batch.stream()
                .map(event -> PublishOutcome.published(event.messageId(), null)).toList(),
                OutboxRelayConfig.builder().shutdownTimeout(Duration.ofMillis(100)).build());

        try {
            // when
            CompletableFuture<OutboxRelay> started = CompletableFuture.supplyAsync(relay::start);

            // then: start returned, while a relay thread is still waiting for its connection
            assertThat(started.get(30, TimeUnit.SECONDS)).isSameAs(relay);
            assertThat(asked.await(30, TimeUnit.SECONDS)).as("a relay thread asked for a connection").isTrue();
            assertThat(never.getCount()).as("the database never answered").isEqualTo(1);
            assertThat(relay.isRunning()).isTrue();
        } finally {
            never.countDown();
            relay.close();
        }
    }
}
