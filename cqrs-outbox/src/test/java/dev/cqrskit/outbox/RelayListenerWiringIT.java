package dev.cqrskit.outbox;

import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.OutboxFixtures.RecordingPublisher;
import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import dev.cqrskit.outbox.relay.RelayListener;
import dev.cqrskit.test.postgres.PostgresExtension;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import static dev.cqrskit.outbox.OutboxFixtures.OUTBOX;
import static dev.cqrskit.outbox.OutboxFixtures.aCounted;
import static org.assertj.core.api.Assertions.assertThat;

/** The relay listener of docs/outbox.md ("Relay"), kept compiling and passing here. */
class RelayListenerWiringIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = OutboxFixtures.postgres();

    /** Stands in for the application's paging. */
    interface Alerts {
        void page(String reason);
    }

    @Test
    void countsParkedMessagesThroughTheListener() {
        Jdbi jdbi = OutboxFixtures.jdbi(POSTGRES);
        OutboxFixtures.clear(jdbi);
        jdbi.useTransaction(h -> OUTBOX.append(h, "a", List.of(aCounted("a", 1))));
        EventPublisher publisher = new RecordingPublisher(event -> PublishOutcome.permanent(event.messageId(), "bad"));
        LongAdder parked = new LongAdder();
        List<String> pages = new CopyOnWriteArrayList<>();
        Alerts alerts = pages::add;

        // tag::listener[]
        OutboxRelay relay = new OutboxRelay(jdbi, publisher, OutboxRelayConfig.defaults(), new RelayListener() {
            @Override public void onParked(SerializedEvent event, String reason) { parked.increment(); }
            @Override public void onSystemicFailure(String reason, Duration pause) { alerts.page(reason); }
        }).start();
        // end::listener[]
        try {
            assertThat(OutboxFixtures.eventually(Duration.ofSeconds(30), () -> parked.sum() == 1)).isTrue();
            assertThat(pages).isEmpty();
        } finally {
            relay.close();
        }
    }
}
